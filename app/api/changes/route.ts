// Live updates for the browser (Server-Sent Events): each `change` event says "the read models you
// show changed — refetch". With `?vorlage=<id>` only that Vorlage's changes, after checking that the
// user may read it; without, any change, with the keys stripped so no unreadable id leaks.
import { handle, requireUser } from '../../_lib/http';
import { services } from '../../_lib/services';
import { loadReadableVorlage } from '../../_lib/vorlage-access';

export const dynamic = 'force-dynamic';

const HEARTBEAT_MS = 15_000;
const encoder = new TextEncoder();

export async function GET(request: Request): Promise<Response> {
  return handle(request, async () => {
    const user = await requireUser();
    const vorlageId = new URL(request.url).searchParams.get('vorlage');
    if (vorlageId) await loadReadableVorlage(user, vorlageId);
    return new Response(changeStream(request.signal, vorlageId), {
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      },
    });
  });
}

function changeStream(signal: AbortSignal, vorlageId: string | null): ReadableStream<Uint8Array> {
  let stop = () => undefined as void;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => controller.enqueue(encoder.encode(text));
      const subscription = services().projections.subscribeToChanges({
        ...(vorlageId ? { filter: { keys: [vorlageId] } } : {}),
        onHello: (hello) =>
          send(`event: hello\ndata: ${JSON.stringify({ position: hello.position })}\n\n`),
        onChange: (message) => {
          const readModels = [...new Set(message.changes.map((change) => change.readModel))];
          send(
            `event: change\ndata: ${JSON.stringify({ position: message.position, readModels })}\n\n`,
          );
        },
        onError: (error) =>
          services().log.warn({ err: error }, 'projections change stream interrupted'),
      });
      const heartbeat = setInterval(() => send(': keep-alive\n\n'), HEARTBEAT_MS);
      stop = () => {
        clearInterval(heartbeat);
        subscription.close();
      };
      signal.addEventListener('abort', () => {
        stop();
        controller.close();
      });
    },
    cancel() {
      stop();
    },
  });
}
