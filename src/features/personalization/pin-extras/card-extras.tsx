import {
  lazy,
  Suspense,
  useEffect,
  useId,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
} from 'react';
import type { Pin } from '@/contract/api';
import { hidePin, setSaved } from '../store/engagement-actions';
import { useIsSaved } from '../store/use-engagement';
import { useIsPanelOpen } from '../store/ui-store';
import '../personalization.css';
import { t, withMessages } from '@/lib/i18n/i18n';

// The badge floats over the image, so its arriving a moment after the panel opens moves nothing.
const CardExplain = lazy(() => withMessages('panels', import('../explain/card-explain')));

/** Buttons inside a card must not also open the closeup (the card's own click handler). */
function handled(event: MouseEvent) {
  event.preventDefault();
  event.stopPropagation();
}

export function SaveButton({ pin, className = '' }: { pin: Pin; className?: string }) {
  const saved = useIsSaved(pin.id);
  return (
    <button
      type="button"
      className={`button save-button ${saved ? 'save-button--saved' : 'button--primary'} ${className}`}
      onClick={(event) => {
        handled(event);
        setSaved(pin, !saved);
      }}
    >
      {saved ? t('Saved') : t('Save')}
    </button>
  );
}

/** "More options" → "Not interested": a one-item menu button (ARIA menu button pattern). */
function CardMenu({ pin }: { pin: Pin }) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const itemRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (open) itemRef.current?.focus();
  }, [open]);

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  };
  const onMenuKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' || event.key === 'Tab') {
      event.stopPropagation();
      if (event.key === 'Escape') event.preventDefault();
      close(event.key === 'Escape');
    }
  };

  return (
    <div className="card-menu">
      <button
        ref={buttonRef}
        type="button"
        className="card-menu__button"
        aria-label={t('More options for {title}', { title: pin.title })}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={(event) => {
          handled(event);
          setOpen((o) => !o);
        }}
      >
        <span aria-hidden="true">⋯</span>
      </button>
      {open && (
        <div
          id={menuId}
          role="menu"
          aria-label={t('More options')}
          className="card-menu__list"
          onKeyDown={onMenuKeyDown}
          onBlur={(event) => {
            if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOpen(false);
          }}
        >
          <button
            ref={itemRef}
            type="button"
            role="menuitem"
            className="card-menu__item"
            onClick={(event) => {
              handled(event);
              setOpen(false);
              hidePin(pin);
            }}
          >
            {t('Not interested')}
          </button>
        </div>
      )}
    </div>
  );
}

/** Drawn inside each result card: Save and the menu on hover/focus, the debug badge when on. */
export function CardExtras({ pin }: { pin: Pin }) {
  const debug = useIsPanelOpen('debug');
  return (
    <>
      <div className="card-actions">
        <SaveButton pin={pin} />
        <CardMenu pin={pin} />
      </div>
      {debug && (
        <Suspense fallback={null}>
          <CardExplain pinId={pin.id} />
        </Suspense>
      )}
    </>
  );
}
