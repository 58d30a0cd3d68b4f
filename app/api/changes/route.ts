// Live updates for the browser (Server-Sent Events): each `change` event says "the read models you
// show changed — refetch". With `?vorlage=<id>` only that Vorlage's changes, after checking that the
// user may read it; without, any change, with the keys stripped so no unreadable id leaks. With
// `?readModel=<name>` (repeatable) only changes of those read models. All tabs share the process's
// one subscription to the projections service (app/_lib/change-hub.ts).
import { handle, requireUser } from '../../_lib/http';
import { services } from '../../_lib/services';
import { loadReadableVorlage } from '../../_lib/vorlage-access';
import type { ChangeFilter } from '../../../projections/protocol';

export const dynamic = 'force-dynamic';

const HEARTBEAT_MS = 15_000;
const encoder = new TextEncoder();

export async function GET(request: Request): Promise<Response> {
  return handle(request, async () => {
    const user = await requireUser();
    const params = new URL(request.url).searchParams;
    const vorlageId = params.get('vorlage');
    if (vorlageId) await loadReadableVorlage(user, vorlageId);
    const filter = {
      ...(vorlageId ? { keys: [vorlageId] } : {}),
      readModels: params.getAll('readModel'),
    };
    return new Response(changeStream(request.signal, filter), {
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      },
    });
  });
}

function changeStream(signal: AbortSignal, filter: ChangeFilter): ReadableStream<Uint8Array> {
  let stop = () => undefined as void;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => controller.enqueue(encoder.encode(text));
      const unsubscribe = services().changes.subscribe({
        filter,
        onHello: (hello) =>
          send(`event: hello\ndata: ${JSON.stringify({ position: hello.position })}\n\n`),
        onChange: (message) => {
          const readModels = [...new Set(message.changes.map((change) => change.readModel))];
          send(
            `event: change\ndata: ${JSON.stringify({ position: message.position, readModels })}\n\n`,
          );
        },
      });
      const heartbeat = setInterval(() => send(': keep-alive\n\n'), HEARTBEAT_MS);
      stop = () => {
        clearInterval(heartbeat);
        unsubscribe();
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
