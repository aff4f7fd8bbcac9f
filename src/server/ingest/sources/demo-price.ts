/**
 * Demo prices for the demo shopping pins: made up, from a fixed rule over what the
 * catalogue says about an item (its category and its size), so every build gives every item the
 * same price and anyone can recompute it. They are never offers: every pin carrying one has
 * `demo: true` and the app labels it "Demo price" on the card and in the closeup
 * (docs/demo-content.md).
 *
 *   price = base(category) × ∛(volume in litres / 100), clamped to [3, 50 000] EUR,
 *           whole euros below 1 000, tens of euros from 1 000.
 *
 * The cube root makes price grow with an item's linear size rather than its volume (a bed is about
 * three times a chair's price, not thirteen times); `base` is what a 100-litre item of that
 * category costs (a small armchair is about 100 litres).
 */
import type { Product } from '@/contract/api';

export const DEMO_MERCHANT = 'Inspo demo shop';
export const DEMO_CURRENCY = 'EUR';

/** EUR for a 100-litre item, by Sweet Home 3D's English category names. */
export const DEMO_BASE_PRICE: Readonly<Record<string, number>> = {
  Bathroom: 90,
  Bedroom: 110,
  'Doors and windows': 140,
  Exterior: 60,
  Kitchen: 80,
  Lights: 60,
  'Living room': 100,
  Miscellaneous: 40,
  Office: 70,
  Staircases: 400,
  Vehicles: 1200,
};
/** Any other category. */
export const DEMO_DEFAULT_BASE = 50;
export const DEMO_REFERENCE_LITRES = 100;
export const DEMO_MIN_PRICE = 3;
export const DEMO_MAX_PRICE = 50_000;

export interface Dimensions {
  /** Centimetres, as the catalogue gives them. */
  width: number;
  depth: number;
  height: number;
}

/** The demo price in EUR; null when the dimensions are not positive numbers (no price then). */
export function demoPrice(category: string, size: Dimensions): number | null {
  const { width, depth, height } = size;
  if (![width, depth, height].every((d) => Number.isFinite(d) && d > 0)) return null;
  const litres = (width * depth * height) / 1000;
  const base = DEMO_BASE_PRICE[category] ?? DEMO_DEFAULT_BASE;
  const raw = base * Math.cbrt(litres / DEMO_REFERENCE_LITRES);
  const clamped = Math.min(DEMO_MAX_PRICE, Math.max(DEMO_MIN_PRICE, raw));
  return clamped < 1000 ? Math.round(clamped) : Math.round(clamped / 10) * 10;
}

/** The offer a demo pin carries: a demo price, the demo shop, and a link to where the item is from. */
export function demoOffer(price: number, link: string): Product {
  return {
    price,
    currency: DEMO_CURRENCY,
    merchant: DEMO_MERCHANT,
    availability: 'in_stock',
    url: link,
    demo: true,
  };
}
