import { INestApplicationContext } from '@nestjs/common';
import { CASE_SEALED_TEXT, ChildRecords } from '@tandem/cases';
import { PiiCipher, resealTable } from '@tandem/crypto';
import { MFA_SEALED_TEXT } from '@tandem/mfa';
import { MISSING_SEALED_TEXT } from '@tandem/missing';
import { WEBHOOK_SEALED_TEXT } from '@tandem/notifications';
import { AppConfig, createDataSource, Transactions } from '@tandem/platform';
import { REFERRAL_SEALED_TEXT } from '@tandem/referrals';
import { SCREENING_SEALED_TEXT } from '@tandem/screening';
import { SSO_SEALED_TEXT } from '@tandem/sso';
import { TIP_SEALED_TEXT } from '@tandem/tips';

/** Every table of case free text, as its lib declares it, the agencies' webhook and identity-provider secrets, the users' second-factor secrets, and the community's tips. */
export const SEALED_TEXT = [...CASE_SEALED_TEXT, ...REFERRAL_SEALED_TEXT, ...MISSING_SEALED_TEXT, ...SCREENING_SEALED_TEXT, WEBHOOK_SEALED_TEXT, SSO_SEALED_TEXT, ...TIP_SEALED_TEXT, MFA_SEALED_TEXT];

/**
 * Re-seals with the current key what was sealed with older keys (or only with `fromKeyIds`):
 * children, then every sealed text column. Returns the rows re-sealed per table.
 */
export async function rotateKeys(app: INestApplicationContext, fromKeyIds: string[] | null): Promise<Record<string, number>> {
  const counts: Record<string, number> = { child: await app.get(ChildRecords).rotateKeys(fromKeyIds) };
  const cipher = app.get(PiiCipher);
  // Notes are append-only to the application role: their text is re-sealed as the schema's owner, as the migrations run.
  const owner = createDataSource(app.get(AppConfig), 'cli-keys', true);
  await owner.initialize();
  try {
    const transactions = new Transactions(owner);
    for (const spec of SEALED_TEXT) counts[spec.table] = await resealTable(transactions, cipher, spec, fromKeyIds);
  } finally {
    await owner.destroy();
  }
  return counts;
}
