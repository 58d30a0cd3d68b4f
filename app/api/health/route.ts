// Liveness of the Next.js server, used by the start script and by load balancers.
export const dynamic = 'force-dynamic';

export function GET() {
  return Response.json({ status: 'ok', service: 'app' });
}
