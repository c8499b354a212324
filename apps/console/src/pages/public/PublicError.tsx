import { Alert } from '@mantine/core';
import { useLanguage } from '../../i18n/language';
import type { MessageKey } from '../../i18n/messages';
import { errorCode, errorMessage } from '../../lib/errors';

const WORDED: Record<string, MessageKey> = {
  NETWORK: 'error.NETWORK',
  RATE_LIMITED: 'error.RATE_LIMITED',
  NOT_FOUND: 'error.NOT_FOUND',
  INTERNAL: 'error.INTERNAL',
};

/**
 * An error of a public page, in the reader's language where Tandem words it; bad input keeps the
 * API's message, which names the field.
 */
export function PublicError({ error }: { error: unknown }) {
  const { t } = useLanguage();
  if (!error) return null;
  const code = errorCode(error);
  const key = code === 'BAD_USER_INPUT' ? null : (WORDED[code ?? 'INTERNAL'] ?? 'error.INTERNAL');
  return (
    <Alert color="red" title={t('error.title')} role="alert" variant="light">
      {key ? t(key) : errorMessage(error)}
    </Alert>
  );
}

/** Where an item is from, under what terms, and when it was written. */
export function SourceLine({ source, license, date }: { source: { publisher: string; title: string; url: string | null }; license: string; date: string }) {
  const { t } = useLanguage();
  return (
    <span>
      {t('common.source')}:{' '}
      {source.url ? (
        <a href={source.url} rel="noopener noreferrer" target="_blank">
          {source.publisher}, {source.title}
        </a>
      ) : (
        `${source.publisher}, ${source.title}`
      )}
      {' · '}
      {t('common.license')}: {license}
      {' · '}
      {t('common.date')} <time dateTime={date}>{date}</time>
    </span>
  );
}

