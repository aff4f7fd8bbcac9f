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

/** Stable JSON of a plain value (object keys sorted), to compare input signatures. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isRecord(value))
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/**
 * Accepts the card only when its features are exactly the app's (in order) and, when
 * `expectedSignature` is given, its `inputSignature` (tensor layout: sequence length, item and
 * event columns, …) is exactly the app's: a model built for other inputs would score garbage
 * without failing.
 */
export function checkModelCard(
  raw: unknown,
  expectedFeatures: readonly string[],
  expectedSignature?: Record<string, unknown>,
): CardCheck {
  if (!isRecord(raw)) return { ok: false, reason: 'model card is not a JSON object' };
  const { version, createdAt, featureNames, inputName, outputName, opset, inputSignature } = raw;
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
  if (expectedSignature && canonical(inputSignature) !== canonical(expectedSignature))
    return {
      ok: false,
      reason: `model inputs differ from the app's: model ${inputSignature === undefined ? 'has no inputSignature' : `expects ${canonical(inputSignature)}`}, app builds ${canonical(expectedSignature)}`,
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
