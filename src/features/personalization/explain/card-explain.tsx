import { t } from '@/lib/i18n/i18n';
import { useExplainStore } from '../store/explain-store';

const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(2)}`;

/**
 * Debug badge: server rank → new rank, and the features that moved the card most. A chunk of
 * its own, fetched once the debug panel is open (the only time badges are drawn).
 */
export default function CardExplain({ pinId }: { pinId: string }) {
  const card = useExplainStore((s) => s.cards.get(pinId));
  if (!card) return null;
  const moved = card.newRank - card.serverRank;
  return (
    <div className="card-explain" data-testid="card-explain">
      <span className="card-explain__ranks">
        #{card.serverRank + 1} → #{card.newRank + 1}
        {moved !== 0 && (
          <span className="sr-only">
            {' '}
            {moved < 0 ? t('(up {n})', { n: -moved }) : t('(down {n})', { n: moved })}
          </span>
        )}
      </span>
      {card.contributions && card.contributions.length > 0 && (
        <ul className="card-explain__list" aria-label={t('Top feature contributions')}>
          {card.contributions.map((c) => (
            <li key={c.feature}>
              {c.feature} {signed(c.value)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
