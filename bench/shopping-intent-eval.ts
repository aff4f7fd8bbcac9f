/**
 * Shopping intent (src/server/modules/generate-modules.ts `shoppingIntent`) on a labelled query
 * set, through the search route, over an index that holds product pins: INSPO_DATA_DIR (required),
 * e.g. built with `buildIndex({ dataDir, sources: ['openmoji', 'sweethome3d'] })` (OpenMoji and
 * the demo shop, docs/demo-content.md: 3,248 pins, 783 products; 23 s with the test index's
 * thumbnail cache copied in). Writes
 * bench/results/shopping-intent-eval.json. `INSPO_DATA_DIR=… tsx bench/shopping-intent-eval.ts`.
 *
 * Labels (SHOPPING / NOT_SHOPPING below) were written by the author of the rule from general
 * knowledge, before this evaluation was run, not from the corpus: a query has shopping intent
 * when it names a kind of household object a home-goods shop sells (furniture, lighting,
 * appliances); it has none when it names an animal, a feeling, nature, an event or an abstract
 * idea, or asks for a picture of an object ("chair icon", "lamp drawing"). The rule was tuned on
 * the unit tests' made-up candidates only. Borderline queries (car, phone, plant) are left out.
 *
 * Measures: precision and recall of "a Shop module is generated" against the labels, with each
 * query's total, products among the top 60 candidates, intent score, and the module's pins.
 */
import { SearchResponseSchema } from '@/contract/api';
import { INTENT_CANDIDATES, shoppingIntent } from '@/server/modules/generate-modules';
import { writeResult } from './lib/results';
import { openRouteApp } from './lib/route-app';

const SHOPPING = [
  'chair',
  'armchair',
  'sofa',
  'couch',
  'table',
  'desk',
  'bed',
  'lamp',
  'wardrobe',
  'shelf',
  'bookcase',
  'cabinet',
  'stool',
  'bench',
  'dresser',
  'mirror',
  'bathtub',
  'sink',
  'fridge',
  'oven',
  'cooker',
  'washing machine',
  'buy chair',
  'cheap lamp',
  'kitchen cabinet',
  'office chair',
];
const NOT_SHOPPING = [
  'cat',
  'dog',
  'smile',
  'heart',
  'love',
  'happy',
  'sad',
  'party',
  'sun',
  'rain',
  'snow',
  'moon',
  'star',
  'fire',
  'flag',
  'music',
  'face',
  'hand',
  'tree',
  'flower',
  'angry',
  'birthday',
  'chair icon',
  'lamp emoji',
  'bed drawing',
  'table symbol',
];

/**
 * A second set, labelled the same way after the first evaluation (which changed the rule: see
 * generate-modules.ts) and before the changed rule was run on anything: held out from the change.
 */
const HELD_OUT_SHOPPING = [
  'door',
  'window',
  'toilet',
  'shower',
  'dishwasher',
  'microwave',
  'television',
  'rug',
  'curtain',
  'radiator',
  'fireplace',
  'bunk bed',
  'crib',
  'nightstand',
  'coffee table',
  'dining table',
  'garden chair',
  'ceiling lamp',
  'sideboard',
  'bed frame',
];
const HELD_OUT_NOT_SHOPPING = [
  'bird',
  'fish',
  'ghost',
  'robot',
  'pizza',
  'apple',
  'rocket',
  'thumbs up',
  'earth',
  'cloud',
  'lightning',
  'baby',
  'wave',
  'train',
  'monkey',
  'crown',
  'sleep',
  'door icon',
  'toilet emoji',
  'window symbol',
];

const dataDir = process.env.INSPO_DATA_DIR;
if (!dataDir) throw new Error('INSPO_DATA_DIR: an index with product pins (see the header).');
const { engine, app, close } = openRouteApp(dataDir);

interface Row {
  q: string;
  label: boolean;
  shop: boolean;
  total: number;
  productsInTop: number;
  intent: number;
  pins: number;
}

async function evaluate(shopping: readonly string[], notShopping: readonly string[]) {
  const rows: Row[] = [];
  for (const [label, queries] of [
    [true, shopping],
    [false, notShopping],
  ] as const) {
    for (const q of queries) {
      const response = await app.inject({ url: `/api/v1/search?q=${encodeURIComponent(q)}` });
      const page = SearchResponseSchema.parse(response.json());
      const shop = page.modules?.find((m) => m.kind === 'shop');
      const top = engine.search({ q, refine: [], offset: 0, limit: 30, exact: false }).top ?? [];
      rows.push({
        q,
        label,
        shop: Boolean(shop),
        total: page.total,
        productsInTop: top.slice(0, INTENT_CANDIDATES).filter((c) => c.product).length,
        intent: Math.round(shoppingIntent(q, top) * 1000) / 1000,
        pins: shop && 'pins' in shop ? shop.pins.length : 0,
      });
    }
  }
  const tp = rows.filter((r) => r.label && r.shop).length;
  const fp = rows.filter((r) => !r.label && r.shop).length;
  const fn = rows.filter((r) => r.label && !r.shop).length;
  return {
    labelled: { shopping: shopping.length, notShopping: notShopping.length },
    precision: tp + fp === 0 ? null : tp / (tp + fp),
    recall: tp + fn === 0 ? null : tp / (tp + fn),
    truePositives: tp,
    falsePositives: rows.filter((r) => !r.label && r.shop).map((r) => r.q),
    falseNegatives: rows.filter((r) => r.label && !r.shop).map((r) => r.q),
    rows,
  };
}

const first = await evaluate(SHOPPING, NOT_SHOPPING);
const heldOut = await evaluate(HELD_OUT_SHOPPING, HELD_OUT_NOT_SHOPPING);
const brief = ({ rows: _rows, ...rest }: Awaited<ReturnType<typeof evaluate>>) => rest;
const summary = { first: brief(first), heldOut: brief(heldOut) };
console.log(JSON.stringify(summary, null, 2));
const file = writeResult('shopping-intent-eval', {
  description:
    'Shopping intent (src/server/modules) on author-labelled queries through the search route (26 + 26 first, 20 + 20 held out from the rule change): precision and recall of generating a Shop module.',
  dataDir,
  first,
  heldOut,
});
console.log(`wrote ${file}`);
await close();
