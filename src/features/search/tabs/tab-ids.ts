import type { PinType } from '@/contract/constants';

/** The id of a tab, for the panel's aria-labelledby (the panel is drawn before the tabs' chunk). */
export const resultTabId = (idPrefix: string, type: PinType | undefined): string =>
  `${idPrefix}-tab-${type ?? 'all'}`;
