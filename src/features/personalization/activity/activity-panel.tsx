import { useId, useRef, useState, type ChangeEvent } from 'react';
import { formatNumber, t } from '@/lib/i18n/i18n';
import { download, exportFileName, parseImport, toJsonl } from './activity-file';
import { countByType, countModuleEvents, MAX_EVENTS } from '../store/engagement-log';
import { engagementStorage, useEngagementStore } from '../store/engagement-store';
import { fetchPersonaEvents, PERSONAS, type Persona } from './personas';
import { setDemoMode } from '../store/demo-mode';
import { usePersonalizationUi } from '../store/ui-store';

type Notice =
  { kind: 'status'; text: string } | { kind: 'error'; title: string; lines: string[] } | null;

/** A persona's name and what it does, in the interface's language (personas.ts has them in English). */
function personaText(persona: Persona): { label: string; description: string } {
  switch (persona.id) {
    case 'food':
      return {
        label: t('Food lover'),
        description: t('Opens and saves fruit, cakes, pizza and coffee.'),
      };
    case 'travel':
      return {
        label: t('Traveller'),
        description: t('Opens and saves planes, trains, mountains and beaches.'),
      };
    case 'animals':
      return {
        label: t('Animal fan'),
        description: t('Opens and saves cats, dogs, birds and fish.'),
      };
    default:
      return persona;
  }
}

/** "Your activity": what is logged on this device, export / import / clear, and persona presets. */
export default function ActivityPanel() {
  const headingId = useId();
  const events = useEngagementStore((s) => s.events);
  const moduleEvents = useEngagementStore((s) => s.moduleEvents);
  const modules = countModuleEvents(moduleEvents);
  const empty = events.length + moduleEvents.length === 0;
  const close = usePersonalizationUi((s) => s.close);
  const demo = usePersonalizationUi((s) => s.demo);
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const counts = countByType(events);

  const onExport = async () => {
    download(await toJsonl(events, moduleEvents), exportFileName(new Date()));
    setNotice({
      kind: 'status',
      text: t('Exported {count, plural, one {# event} other {# events}}.', {
        count: events.length + moduleEvents.length,
      }),
    });
  };

  const onImport = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setBusy('import');
    try {
      const result = await parseImport(await file.text(), file.size);
      if (!result.ok) {
        setNotice({
          kind: 'error',
          title: t('Nothing imported: {file} has errors.', { file: file.name }),
          lines: result.errors,
        });
        return;
      }
      useEngagementStore.getState().addAll(result.events, 'merge', result.moduleEvents);
      const kept = Math.min(result.events.length, MAX_EVENTS) + result.moduleEvents.length;
      setNotice({
        kind: 'status',
        text: t('Imported {count, plural, one {# event} other {# events}} from {file}.', {
          count: kept,
          file: file.name,
        }),
      });
    } finally {
      setBusy(null);
    }
  };

  const onClear = () => {
    useEngagementStore.getState().clear();
    setNotice({ kind: 'status', text: t('History cleared. Results are back in server order.') });
  };

  const onPersona = async (persona: Persona) => {
    setBusy(persona.id);
    try {
      const loaded = await fetchPersonaEvents(persona);
      useEngagementStore.getState().addAll(loaded, 'replace');
      setNotice({
        kind: 'status',
        text: t('Loaded “{persona}”: {count, plural, one {# event} other {# events}}.', {
          persona: personaText(persona).label,
          count: loaded.length,
        }),
      });
    } catch (error) {
      setNotice({
        kind: 'error',
        title: t('Couldn’t load “{persona}”.', { persona: personaText(persona).label }),
        lines: [(error as Error).message],
      });
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="p13n-panel" aria-labelledby={headingId}>
      <div className="p13n-panel__header">
        <h2 id={headingId} className="p13n-panel__title">
          {t('Your activity')}
        </h2>
        <button type="button" className="button" onClick={() => close('activity')}>
          {t('Close')}
        </button>
      </div>
      <p className="p13n-muted">
        {t(
          'Opens, saves, hides and time on a pin are kept on this device only and used to reorder results for you. Nothing is sent to the server.',
        )}
      </p>
      <dl className="p13n-facts">
        <dt>{t('Events')}</dt>
        <dd data-testid="event-count">
          {t('{count} (of at most {max})', {
            count: formatNumber(events.length),
            max: formatNumber(MAX_EVENTS),
          })}
        </dd>
        <dt>{t('Breakdown')}</dt>
        <dd>
          {t('{opened} opened · {saved} saved · {hidden} hidden · {visits} visits', {
            opened: formatNumber(counts.click),
            saved: formatNumber(counts.save),
            hidden: formatNumber(counts.hide),
            visits: formatNumber(counts.dwell),
          })}
        </dd>
        <dt>{t('Modules')}</dt>
        <dd data-testid="module-event-count">
          {t('{views} seen · {clicks} used', {
            views: formatNumber(modules.views),
            clicks: formatNumber(modules.clicks),
          })}
        </dd>
        <dt>{t('Stored')}</dt>
        <dd>
          {engagementStorage.kind === 'indexeddb'
            ? t('in this browser (IndexedDB)')
            : t('in memory only, lost on reload: {reason}', {
                reason: engagementStorage.fallbackReason ?? '',
              })}
        </dd>
      </dl>

      <div className="p13n-actions">
        <button type="button" className="button" onClick={() => void onExport()} disabled={empty}>
          {t('Export (JSONL)')}
        </button>
        <button
          type="button"
          className="button"
          aria-disabled={busy !== null || undefined}
          onClick={() => busy === null && fileRef.current?.click()}
        >
          {t('Import…')}
        </button>
        {/* Opened by the button above; a file input's own look cannot be styled. */}
        <input
          ref={fileRef}
          hidden
          type="file"
          accept=".jsonl,.ndjson,application/x-ndjson,text/plain"
          aria-label={t('Import activity (JSONL file)')}
          onChange={(event) => void onImport(event)}
        />
        <button type="button" className="button" onClick={onClear} disabled={empty}>
          {t('Clear history')}
        </button>
      </div>

      <h3>{t('Try a persona')}</h3>
      <p className="p13n-muted">{t('Replaces your history with real pins from a few searches.')}</p>
      <div className="p13n-actions">
        {PERSONAS.map((persona) => (
          <button
            key={persona.id}
            type="button"
            className="button"
            title={personaText(persona).description}
            aria-disabled={busy !== null || undefined}
            onClick={() => busy === null && void onPersona(persona)}
          >
            {busy === persona.id ? t('Loading…') : personaText(persona).label}
          </button>
        ))}
      </div>

      <h3>{t('Demo mode')}</h3>
      <label className="p13n-switch">
        <input
          type="checkbox"
          checked={demo}
          onChange={(event) => setDemoMode(event.target.checked)}
        />
        {t(
          'Show the Debug panel and the compare view (design reviews). Remembered on this device; {on} and {off} in the address do the same.',
          { on: <code>?debug=1</code>, off: <code>?debug=0</code> },
        )}
      </label>

      <div role="status" className="p13n-notice">
        {notice?.kind === 'status' && <p>{notice.text}</p>}
      </div>
      {notice?.kind === 'error' && (
        <div role="alert" className="p13n-errors">
          <p>{notice.title}</p>
          <ul className="p13n-list">
            {notice.lines.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
