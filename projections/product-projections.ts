// The product's projections, as the runner (main.ts) and the tests run them.
import type { ProjectionDefinition } from './definition.ts';
import type { ProductEvent } from './product-events.ts';
import { auditHistoryProjection } from './read-models/audit-history.ts';
import { outboxProjection } from './read-models/outbox.ts';
import { vorlagenProjection } from './vorlagen-projection.ts';

export const PRODUCT_PROJECTIONS: readonly ProjectionDefinition<ProductEvent>[] = [
  vorlagenProjection,
  auditHistoryProjection,
  outboxProjection,
];
