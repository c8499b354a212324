import { MESSAGES } from '../i18n/messages';
import { EMPTY_TIP, problemsOf, tipInputOf } from './tip-form';

describe('the tip form', () => {
  it('asks for where, what, and when unless it is still going on, each in words the pages have', () => {
    expect(problemsOf(EMPTY_TIP)).toEqual({ jurisdictionId: 'tip.needJurisdiction', whatSeen: 'tip.needWhatSeen', seenAt: 'tip.needSeenAt' });
    for (const key of Object.values(problemsOf(EMPTY_TIP))) expect(MESSAGES.es[key!]).toBeTruthy();
    expect(problemsOf({ ...EMPTY_TIP, jurisdictionId: 'j', whatSeen: '  ', ongoing: true })).toEqual({ whatSeen: 'tip.needWhatSeen' });
    expect(problemsOf({ ...EMPTY_TIP, jurisdictionId: 'j', whatSeen: 'seen', seenAt: '2026-12-01T22:30' })).toEqual({});
  });

  it('sends trimmed answers, lists one per line, and leaves out what was not answered', () => {
    const input = tipInputOf({
      ...EMPTY_TIP,
      jurisdictionId: 'j1',
      whatSeen: '  Two girls at the motel  ',
      place: ' ',
      seenAt: '2026-12-01T22:30',
      people: [
        { key: 1, age: 15, description: ' red jacket ' },
        { key: 2, age: '', description: '' },
        { key: 3, age: '', description: 'grey beard' },
      ],
      vehicles: 'Silver minivan\n\n  plate 4KX  \n',
      onlineHandles: '',
      contact: 'text me',
    });
    expect(input).toEqual({
      jurisdictionId: 'j1',
      childInDangerNow: false,
      whatSeen: 'Two girls at the motel',
      place: null,
      seenAt: new Date('2026-12-01T22:30').toISOString(),
      ongoing: false,
      people: [{ approximateAge: 15, description: 'red jacket' }, { approximateAge: null, description: 'grey beard' }],
      vehicles: ['Silver minivan', 'plate 4KX'],
      onlineHandles: null,
      howKnown: null,
      contact: 'text me',
    });
  });

  it('sends no time when the reader says it is still going on', () => {
    const input = tipInputOf({ ...EMPTY_TIP, jurisdictionId: 'j1', whatSeen: 'x', seenAt: '2026-12-01T22:30', ongoing: true, childInDangerNow: true });
    expect(input).toMatchObject({ seenAt: null, ongoing: true, childInDangerNow: true, people: null });
  });
});
