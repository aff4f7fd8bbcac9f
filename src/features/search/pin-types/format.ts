/**
 * How a typed pin's facts read: a price in the interface's locale, a clip's length.
 * Plain functions, no React; the card's badge is on the first paint, so nothing here builds an
 * Intl object until a typed pin is drawn (an untyped results page never pays for one).
 */
import type { Product } from '@/contract/api';

const priceFormats = new Map<string, Intl.NumberFormat>();

/** "€129.00" (en), "129,00 €" (de), "￥1,999" (ja): the currency's own decimals, the locale's style. */
export function formatPrice(product: Pick<Product, 'price' | 'currency'>, locale: string): string {
  const key = `${locale}|${product.currency}`;
  let format = priceFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency: product.currency });
    priceFormats.set(key, format);
  }
  return format.format(product.price);
}

/** "0:03", "1:05", "1:02:03": a player's clock, rounded up so a 2.4 s clip never reads 0:02. */
export function formatDuration(durationMs: number): string {
  const total = Math.max(0, Math.ceil(durationMs / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0
    ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}`
    : `${minutes}:${seconds}`;
}

/** The same length as an ISO 8601 duration, for <time dateTime>. */
export const isoDuration = (durationMs: number): string =>
  `PT${Math.max(0, Math.ceil(durationMs / 1000))}S`;
