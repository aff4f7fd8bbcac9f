/** The lazy chunk behind lazy-pin-extras.tsx: what a card, a closeup and the count line add. */
export { CardExtras } from './card-extras';
export { CloseupExtras } from './closeup-extras';
export { PersonalizedNote } from '../dock/personalized-note';
