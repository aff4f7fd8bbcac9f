import { describe, expect, it } from 'vitest';
import { ProductSchema } from '@/contract/api';
import {
  DEMO_BASE_PRICE,
  DEMO_DEFAULT_BASE,
  DEMO_MAX_PRICE,
  DEMO_MIN_PRICE,
  demoOffer,
  demoPrice,
} from './demo-price';

const size = (width: number, depth: number, height: number) => ({ width, depth, height });

describe('demoPrice (the documented rule)', () => {
  it('is the category base at 100 litres', () => {
    // 100 × 100 × 10 cm = 100 litres: ∛1 = 1.
    for (const [category, base] of Object.entries(DEMO_BASE_PRICE)) {
      expect(demoPrice(category, size(100, 100, 10))).toBe(base);
    }
    expect(demoPrice('Garden gnomes', size(100, 100, 10))).toBe(DEMO_DEFAULT_BASE);
  });

  it('grows with linear size (the cube root of the volume), not with volume', () => {
    // Eight times the volume is twice the price.
    expect(demoPrice('Living room', size(200, 200, 20))).toBe(2 * DEMO_BASE_PRICE['Living room']!);
    // Real catalogue items (Sweet Home 3D sizes in cm): a chair, a double bed, a coffee cup.
    expect(demoPrice('Living room', size(59.4, 62.7, 105))).toBe(Math.round(100 * Math.cbrt(3.91)));
    expect(demoPrice('Bedroom', size(140.7, 208, 95.5))).toBe(Math.round(110 * Math.cbrt(27.95)));
    expect(demoPrice('Kitchen', size(10, 10, 4.3))).toBe(Math.round(80 * Math.cbrt(0.0043)));
  });

  it('clamps to [3, 50 000] EUR and rounds to whole euros, tens from 1 000', () => {
    expect(demoPrice('Office', size(1, 1, 0.1))).toBe(DEMO_MIN_PRICE);
    expect(demoPrice('Vehicles', size(5000, 5000, 5000))).toBe(DEMO_MAX_PRICE);
    // A car: 1200 × ∛(12 150 / 100) = 5 940.6… → 5 940.
    expect(demoPrice('Vehicles', size(450, 180, 150))).toBe(5940);
    const price = demoPrice('Bedroom', size(140.7, 208, 95.5))!;
    expect(Number.isInteger(price)).toBe(true);
  });

  it('is deterministic and has no price without a size', () => {
    expect(demoPrice('Kitchen', size(60, 65, 180))).toBe(demoPrice('Kitchen', size(60, 65, 180)));
    expect(demoPrice('Kitchen', size(Number.NaN, 65, 180))).toBeNull();
    expect(demoPrice('Kitchen', size(0, 65, 180))).toBeNull();
    expect(demoPrice('Kitchen', size(60, -1, 180))).toBeNull();
  });
});

describe('demoOffer', () => {
  it('is always flagged demo, from the demo shop, and a valid contract Product', () => {
    const offer = demoOffer(129, 'https://www.blendswap.com/blends/view/66530');
    expect(offer).toEqual({
      price: 129,
      currency: 'EUR',
      merchant: 'Inspo demo shop',
      availability: 'in_stock',
      url: 'https://www.blendswap.com/blends/view/66530',
      demo: true,
    });
    expect(ProductSchema.parse(offer)).toEqual(offer);
  });
});
