import { Component, type ErrorInfo, type ReactNode } from 'react';
import { t } from '@/lib/i18n/i18n';

interface Props {
  children: ReactNode;
  /** A tripped boundary clears when this changes (App passes the URL). */
  resetKey?: string;
}
interface State {
  error: Error | null;
}

/** Catches render errors so one broken page does not blank the whole app; navigating (a new resetKey) resets it. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  override componentDidUpdate(prev: Props): void {
    if (this.state.error && prev.resetKey !== this.props.resetKey) this.setState({ error: null });
  }

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('Render error', error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <div role="alert" className="feed-state feed-state--error">
        <p className="feed-state__title">{t('Something went wrong on this page.')}</p>
        <p className="feed-state__message">{t('Try again, or go back to the start page.')}</p>
        <div className="button-row">
          <button
            type="button"
            className="button button--primary"
            onClick={() => this.setState({ error: null })}
          >
            {t('Try again')}
          </button>
          <a className="button" href="/">
            {t('Start page')}
          </a>
        </div>
      </div>
    );
  }
}
