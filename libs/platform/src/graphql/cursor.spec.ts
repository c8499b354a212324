import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { BadInputError } from '../errors/domain.error';
import { CursorCodec } from './connection';

const SECRET = 'a-secret-of-this-deployment';
const codec = new CursorCodec(SECRET);
const INVALID = 'is not a valid cursor';
const OTHER_LIST = 'belongs to another list or filter; start again from the first page';

/** The refusal a cursor gets, as the API answers it: the field and what is wrong with it. */
function refusal(decode: () => unknown): { path: string; message: string } | 'accepted' {
  try {
    decode();
    return 'accepted';
  } catch (error) {
    expect(error).toBeInstanceOf(BadInputError);
    return (error as BadInputError).fields[0]!;
  }
}

/** Sort keys as lists use them: timestamps, ids, numbers, and the odd null. */
const keys = fc.array(fc.oneof(fc.string(), fc.uuid(), fc.integer(), fc.constant(null), fc.date({ noInvalidDate: true }).map((d) => d.toISOString())), { maxLength: 4 });
const scopes = fc.string({ minLength: 1, maxLength: 40 });

describe('CursorCodec', () => {
  it('gives back the key it encoded, for the list it was made for', () => {
    fc.assert(fc.property(scopes, keys, (scope, key) => expect(codec.decode(scope, codec.encode(scope, key))).toEqual(key)));
  });

  it('reads no cursor (absent, null or empty) as the first page', () => {
    expect(codec.decode('cases', undefined)).toBeNull();
    expect(codec.decode('cases', null)).toBeNull();
    expect(codec.decode('cases', '')).toBeNull();
  });

  it('makes opaque cursors: url-safe text that does not show the key', () => {
    const cursor = codec.encode('cases', ['2026-12-01T00:00:00.000Z', 'c0ffee']);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(cursor).not.toContain('c0ffee');
  });

  it('refuses a cursor whose body was changed, whatever the change', () => {
    const cursor = codec.encode('cases', ['2026-12-01T00:00:00.000Z', 'id-1']);
    const [body, signature] = cursor.split('.') as [string, string];
    fc.assert(
      fc.property(fc.nat({ max: body.length - 1 }), fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'), (at, letter) => {
        fc.pre(body[at] !== letter);
        const forged = `${body.slice(0, at)}${letter}${body.slice(at + 1)}.${signature}`;
        expect(refusal(() => codec.decode('cases', forged))).toEqual({ path: 'after', message: INVALID });
      }),
    );
  });

  it('refuses a key re-encoded by hand with the old signature (a forged page position)', () => {
    const signature = codec.encode('cases', ['2026-12-01T00:00:00.000Z', 'id-1']).split('.')[1];
    const body = Buffer.from(JSON.stringify(['cases', ['2000-01-01T00:00:00.000Z', 'id-1']])).toString('base64url');
    expect(refusal(() => codec.decode('cases', `${body}.${signature}`))).toEqual({ path: 'after', message: INVALID });
  });

  it('refuses a signature that was changed, cut or left out', () => {
    const cursor = codec.encode('cases', [1]);
    const [body, signature] = cursor.split('.') as [string, string];
    const flipped = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    for (const forged of [`${body}.${flipped}`, `${body}.${signature.slice(1)}`, `${body}.`, body, `.${signature}`, `${body}.${signature}x`]) {
      expect({ forged, refusal: refusal(() => codec.decode('cases', forged)) }).toEqual({ forged, refusal: { path: 'after', message: INVALID } });
    }
  });

  it('refuses a cursor signed with another key (another deployment, or before a secret rotation)', () => {
    const elsewhere = new CursorCodec('the-secret-of-another-deployment');
    fc.assert(
      fc.property(scopes, keys, (scope, key) => {
        expect(refusal(() => codec.decode(scope, elsewhere.encode(scope, key)))).toEqual({ path: 'after', message: INVALID });
      }),
    );
  });

  it('refuses a genuine cursor of another list or filter, saying so', () => {
    fc.assert(
      fc.property(scopes, scopes, keys, (made, used, key) => {
        fc.pre(made !== used);
        expect(refusal(() => codec.decode(used, codec.encode(made, key)))).toEqual({ path: 'after', message: OTHER_LIST });
      }),
    );
    // A list's scope names its filter: the same list with another filter is another list.
    const open = codec.encode('cases:status=OPEN', ['2026-12-01T00:00:00.000Z', 'id-1']);
    expect(refusal(() => codec.decode('cases:status=CLOSED', open))).toEqual({ path: 'after', message: OTHER_LIST });
  });

  it('refuses garbage that is signed but is not a cursor', () => {
    const sign = (text: string) => {
      const body = Buffer.from(text).toString('base64url');
      return `${body}.${createHmac('sha256', SECRET).update(body).digest('base64url')}`;
    };
    expect(refusal(() => codec.decode('cases', sign('not json')))).toEqual({ path: 'after', message: INVALID });
    for (const shape of ['{"scope":"cases"}', '["cases"]', '["cases","not a list"]', 'null']) {
      expect({ shape, refusal: refusal(() => codec.decode('cases', sign(shape))) }).toEqual({ shape, refusal: { path: 'after', message: OTHER_LIST } });
    }
  });

  it('refuses a cursor with anything after its signature, so that one cursor has one spelling', () => {
    const cursor = codec.encode('cases', ['2026-12-01T00:00:00.000Z', 'id-1']);
    for (const tail of ['.', '.x', '.e30', '..']) {
      expect({ tail, refusal: refusal(() => codec.decode('cases', `${cursor}${tail}`)) }).toEqual({ tail, refusal: { path: 'after', message: INVALID } });
    }
  });

  it('names the argument the cursor came in', () => {
    expect(refusal(() => codec.decode('cases', 'nonsense', 'input.after'))).toEqual({ path: 'input.after', message: INVALID });
  });

  it('does not expire: a cursor is as good later as when it was made (a list moves on by its key, not by time)', () => {
    // The codec holds no clock and the cursor no time; only the secret and the list bind it.
    const cursor = codec.encode('cases', ['2020-01-01T00:00:00.000Z', 'id-1']);
    expect(new CursorCodec(SECRET).decode('cases', cursor)).toEqual(['2020-01-01T00:00:00.000Z', 'id-1']);
  });
});
