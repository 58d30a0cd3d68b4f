// Liveness of the Next.js server alone: the start script's supervisor waits for it.
export const dynamic = 'force-dynamic';

export function GET() {
  return Response.json({ status: 'ok', service: 'app' });
}
