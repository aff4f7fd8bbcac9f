/**
 * The model card that ships next to the ONNX file (public/models/model-card.json),
 * and the check that decides whether this build of the app may use the model.
 * Pure. Hand-written checks rather than zod: the card is small, and the messages
 * end up in the debug panel, so they name exactly what is wrong.
 */

export interface ModelCard {
  version: string;
  createdAt: string;
  featureNames: string[];
  inputName: string;
  outputName: string;
  opset: number;
}

export type CardCheck = { ok: true; card: ModelCard } | { ok: false; reason: string };

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Shows where two feature lists first differ, e.g. `#3 is "cat_affinity", expected "color_affinity"`. */
export function describeFeatureMismatch(
  actual: readonly string[],
  expected: readonly string[],
): string {
  const n = Math.max(actual.length, expected.length);
  for (let i = 0; i < n; i += 1) {
    if (actual[i] !== expected[i]) {
      const got = actual[i] === undefined ? 'missing' : `"${actual[i]}"`;
      const want = expected[i] === undefined ? 'nothing' : `"${expected[i]}"`;
      return `feature #${i} is ${got}, this app expects ${want} (model has ${actual.length} features, app ${expected.length})`;
    }
  }
  return 'feature lists are equal';
}

/**
 * Accepts the card only when its features are exactly the app's FEATURE_NAMES, in
 * order: a model trained on other features would score garbage without failing.
 */
export function checkModelCard(raw: unknown, expectedFeatures: readonly string[]): CardCheck {
  if (!isRecord(raw)) return { ok: false, reason: 'model card is not a JSON object' };
  const { version, createdAt, featureNames, inputName, outputName, opset } = raw;
  const version_ = typeof version === 'number' ? String(version) : version;
  if (typeof version_ !== 'string' || version_ === '')
    return { ok: false, reason: 'model card has no version' };
  if (!Array.isArray(featureNames) || !featureNames.every((f) => typeof f === 'string'))
    return { ok: false, reason: 'model card has no featureNames list' };
  if (typeof inputName !== 'string' || typeof outputName !== 'string')
    return { ok: false, reason: 'model card has no inputName/outputName' };
  const names = featureNames as string[];
  if (names.length !== expectedFeatures.length || names.some((f, i) => f !== expectedFeatures[i]))
    return {
      ok: false,
      reason: `model features differ from the app's: ${describeFeatureMismatch(names, expectedFeatures)}`,
    };
  return {
    ok: true,
    card: {
      version: version_,
      createdAt: typeof createdAt === 'string' ? createdAt : '',
      featureNames: names,
      inputName,
      outputName,
      opset: typeof opset === 'number' ? opset : 0,
    },
  };
}
