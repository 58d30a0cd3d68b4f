// The product's projections, as the runner (main.ts) and the tests run them.
import type { ProjectionDefinition } from './definition';
import type { ProductEvent } from './product-events';
import { auditHistoryProjection } from './read-models/audit-history';
import { discussionProjection } from './read-models/discussion';
import { outboxProjection } from './read-models/outbox';
import { vorlagenProjection } from './vorlagen-projection';

export const PRODUCT_PROJECTIONS: readonly ProjectionDefinition<ProductEvent>[] = [
  vorlagenProjection,
  auditHistoryProjection,
  outboxProjection,
  discussionProjection,
];
