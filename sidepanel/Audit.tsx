import { useEffect, useState } from 'preact/hooks';
import type { AuditEntry } from '../src/store/audit';
import { request } from './api';
import { t } from './i18n';

/** The audit log: every action, who allowed it and how it ended; "Verify" checks the hash chain. */
export function Audit() {
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [verdict, setVerdict] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    void request({ type: 'audit.list' }).then(setEntries);
  }, []);

  async function verify() {
    const result = await request({ type: 'audit.verify' });
    setVerdict(
      result.ok
        ? { ok: true, text: t('audit_intact', result.count) }
        : { ok: false, text: t('audit_broken', result.brokenAt, result.reason) },
    );
  }

  async function exportLog() {
    const { jsonl } = await request({ type: 'audit.export' });
    const url = URL.createObjectURL(new Blob([jsonl], { type: 'application/x-ndjson' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `steward-audit-${new Date().toISOString().slice(0, 10)}.jsonl`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  return (
    <section class="audit" aria-label={t('audit_log')}>
      <div class="row">
        <button type="button" onClick={verify}>
          {t('verify')}
        </button>
        <button type="button" onClick={exportLog}>
          {t('export')}
        </button>
      </div>
      {verdict && (
        <p class={`notice ${verdict.ok ? '' : 'error'}`} role="status">
          {verdict.text}
        </p>
      )}
      {entries?.length === 0 && <p class="empty">{t('audit_empty')}</p>}
      <ol class="audit-list">
        {entries?.map((entry) => (
          <li key={entry.seq} class={`audit-entry ${entry.outcome}`}>
            <div>
              <strong>{entry.member}</strong> <code>{entry.summary}</code>
            </div>
            <div class="history-meta">
              {t('audit_meta', entry.seq, new Date(entry.at).toLocaleString(), entry.decision, entry.decidedBy, entry.outcome)}
              {entry.url ? ` · ${entry.url}` : ''}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
