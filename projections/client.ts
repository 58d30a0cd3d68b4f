// Typed client of the projections HTTP server for the app (server side): wait until the read models
// reached a command's commit position (read-your-writes), and follow `/changes` — either as raw
// SSE to proxy to a browser, or parsed, with reconnects.
import { createParser } from 'eventsource-parser';
import {
  ChangeMessageSchema,
  CHANGE_EVENT,
  HelloMessageSchema,
  HELLO_EVENT,
  MAX_WAIT_MS,
  WaitResponseSchema,
  type ChangeFilter,
  type ChangeMessage,
  type HelloMessage,
  type WaitResponse,
} from './protocol';

export interface ChangeSubscription {
  /** Resolves once the first stream is open (its hello message arrived). */
  readonly opened: Promise<void>;
  close(): void;
}

export interface SubscribeOptions {
  readonly filter?: ChangeFilter;
  readonly onChange: (message: ChangeMessage) => void;
  /**
   * Called on every (re)connect with where the read models stand. Changes may have been missed
   * while disconnected: refetch what you show.
   */
  readonly onHello?: (hello: HelloMessage) => void;
  readonly onError?: (error: Error) => void;
  /** Delay before reconnecting after the stream broke. */
  readonly reconnectDelayMs?: number;
}

export class ProjectionsClient {
  private readonly baseUrl: string;
  private readonly authorization: Record<string, string>;

  /** `secret`: the service's shared secret (PROJECTIONS_SECRET), sent as a bearer token. */
  constructor(baseUrl: string, secret: string) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.authorization = { authorization: `Bearer ${secret}` };
  }

  /** Resolves when the service answers `/health/ready` with 200; rejects otherwise. */
  async ready(signal?: AbortSignal): Promise<void> {
    const response = await fetch(`${this.baseUrl}/health/ready`, {
      signal: signal ?? null,
      cache: 'no-store',
    });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`projections /health/ready answered ${response.status}`);
  }

  /**
   * Waits until every read model has processed the event at `position` (a command's commit
   * position). `reached: false` after the timeout; the caller then shows possibly older data.
   */
  async waitForPosition(
    position: bigint | string,
    options: { timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<WaitResponse> {
    const timeoutMs = Math.min(options.timeoutMs ?? 5000, MAX_WAIT_MS);
    const url = `${this.baseUrl}/wait?position=${position.toString()}&timeoutMs=${timeoutMs}`;
    const response = await fetch(url, {
      headers: this.authorization,
      signal: options.signal ?? null,
      cache: 'no-store',
    });
    if (response.status !== 200 && response.status !== 408) {
      throw new Error(`projections /wait answered ${response.status}: ${await response.text()}`);
    }
    return WaitResponseSchema.parse(await response.json());
  }

  changesUrl(filter: ChangeFilter = {}): string {
    const query = new URLSearchParams();
    for (const readModel of filter.readModels ?? []) query.append('readModel', readModel);
    for (const key of filter.keys ?? []) query.append('key', key);
    const search = query.toString();
    return `${this.baseUrl}/changes${search ? `?${search}` : ''}`;
  }

  /** The raw SSE response, for a route handler that pipes it to the browser unchanged. */
  async openChangesStream(
    options: { filter?: ChangeFilter; signal?: AbortSignal } = {},
  ): Promise<Response> {
    const response = await fetch(this.changesUrl(options.filter), {
      headers: { accept: 'text/event-stream', ...this.authorization },
      signal: options.signal ?? null,
      cache: 'no-store',
    });
    if (!response.ok || !response.body) {
      throw new Error(`projections /changes answered ${response.status}`);
    }
    return response;
  }

  /** Follows `/changes`, reconnecting until closed. */
  subscribeToChanges(options: SubscribeOptions): ChangeSubscription {
    const controller = new AbortController();
    let markOpened: () => void = () => undefined;
    const opened = new Promise<void>((resolve) => (markOpened = resolve));
    const run = async (): Promise<void> => {
      while (!controller.signal.aborted) {
        try {
          await this.followOnce(options, controller.signal, markOpened);
        } catch (error) {
          if (controller.signal.aborted) return;
          options.onError?.(error as Error);
        }
        if (controller.signal.aborted) return;
        await sleep(options.reconnectDelayMs ?? 1000, controller.signal);
      }
    };
    void run();
    return { opened, close: () => controller.abort() };
  }

  private async followOnce(
    options: SubscribeOptions,
    signal: AbortSignal,
    markOpened: () => void,
  ): Promise<void> {
    const response = await this.openChangesStream({
      signal,
      ...(options.filter ? { filter: options.filter } : {}),
    });
    const parser = createParser({
      onEvent: (message) => {
        if (message.event === HELLO_EVENT) {
          options.onHello?.(HelloMessageSchema.parse(JSON.parse(message.data)));
          markOpened();
        } else if (message.event === CHANGE_EVENT) {
          options.onChange(ChangeMessageSchema.parse(JSON.parse(message.data)));
        }
      },
      onError: (error) => options.onError?.(error),
    });
    const decoder = new TextDecoder();
    // The body is a web ReadableStream; iterate it chunk by chunk as the server flushes.
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      parser.feed(decoder.decode(chunk, { stream: true }));
    }
    throw new Error('projections /changes stream ended');
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
