// The OpenAPI document of the HTTP API, generated from its zod schemas.
import { openApiDocument } from '../../_lib/openapi';

export const dynamic = 'force-dynamic';

export function GET(request: Request): Response {
  return Response.json(openApiDocument(new URL(request.url).origin));
}
