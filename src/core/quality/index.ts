/** Quality score of lieux and of a source's lieux (pure, isomorphic). See score.ts for the weights. */
export {
  scoreLieu,
  scoreSource,
  WEIGHTS,
  CRITERIA,
  type Criterion,
  type CriterionScore,
  type LieuScore,
  type PositionPrecision,
  type ScoredIssue,
  type ScoreOptions,
  type SourceScore,
} from './score.js';
