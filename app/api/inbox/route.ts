// What waits for the user's office, by deadline; paged (`limit`, `cursor` = the previous `nextCursor`).
import { z } from 'zod';
import { handle, parseInput, requireUser } from '../../_lib/http';
import { listInboxFor } from '../../_lib/read-models';
import { PageQuerySchema } from '../vorlagen/schemas';

export const dynamic = 'force-dynamic';

const InboxQuerySchema = PageQuerySchema.extend({ overdue: z.enum(['1', 'true']).optional() });

export async function GET(request: Request): Promise<Response> {
  return handle(request, async () => {
    const user = await requireUser();
    const query = parseInput(
      InboxQuerySchema,
      Object.fromEntries(new URL(request.url).searchParams),
    );
    const page = listInboxFor(user, {
      limit: query.limit,
      overdueOnly: query.overdue !== undefined,
      ...(query.cursor ? { cursor: query.cursor } : {}),
    });
    return Response.json(page);
  });
}
