// One upstream `/changes` subscription to the projections service per app process, fanned out to
// every browser tab's SSE stream with that tab's filter applied here (the same filter function the
// projections service applies). Opened with the first tab, closed with the last.
import type { ChangeSubscription, SubscribeOptions } from '../../projections/client';
import {
  filterChanges,
  type ChangeFilter,
  type ChangeMessage,
  type HelloMessage,
} from '../../projections/protocol';

export interface ChangeListener {
  readonly filter: ChangeFilter;
  /** On every (re)connect of the upstream, and at once for a tab joining an open upstream. */
  onHello(hello: HelloMessage): void;
  onChange(message: ChangeMessage): void;
}

export class ChangeHub {
  private readonly listeners = new Set<ChangeListener>();
  private upstream: ChangeSubscription | null = null;
  /** Where the read models stand as last announced; null while the upstream is not open. */
  private current: HelloMessage | null = null;

  constructor(
    private readonly open: (options: SubscribeOptions) => ChangeSubscription,
    private readonly onError: (error: Error) => void,
  ) {}

  /** Adds a tab; returns its unsubscribe. */
  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    if (!this.upstream) this.upstream = this.openUpstream();
    else if (this.current) listener.onHello(this.current);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size > 0) return;
      this.upstream?.close();
      this.upstream = null;
      this.current = null;
    };
  }

  /** How many upstream subscriptions are open (0 or 1). */
  get upstreamCount(): number {
    return this.upstream ? 1 : 0;
  }

  /** One tab's broken stream must not keep the others from hearing of a change. */
  private deliver(send: () => void): void {
    try {
      send();
    } catch (error) {
      this.onError(error as Error);
    }
  }

  private openUpstream(): ChangeSubscription {
    return this.open({
      onHello: (hello) => {
        this.current = hello;
        for (const listener of [...this.listeners]) this.deliver(() => listener.onHello(hello));
      },
      onChange: (message) => {
        if (this.current) this.current = { ...this.current, position: message.position };
        for (const listener of [...this.listeners]) {
          const mine = filterChanges(message, listener.filter);
          if (mine) this.deliver(() => listener.onChange(mine));
        }
      },
      onError: (error) => {
        // Changes may be missed until the client reconnects and says hello again.
        this.current = null;
        this.onError(error);
      },
    });
  }
}
