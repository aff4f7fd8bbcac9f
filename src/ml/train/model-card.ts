/** public/models/model-card.json: what the browser checks before using the model, and what a reviewer reads. */
import type { OfflineEvalReport } from '../eval/offline-eval';

export interface ModelCard {
  version: string;
  createdAt: string;
  featureNames: string[];
  inputName: string;
  outputName: string;
  opset: number;
  parameters: number;
  architecture: string;
  data: Record<string, unknown>;
  metrics: OfflineEvalReport;
  training: Record<string, unknown>;
  intendedUse: string;
  limitations: string[];
}
