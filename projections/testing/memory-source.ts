// An in-memory stand-in for the $all subscription, for unit tests of the runner: delivers stored
// events after the requested position, then "caught up", then whatever is appended later.
import type { AllEventsSource, SourceEvent, SubscriptionHandle } from '../runner';

export class MemoryEventSource<Raw extends SourceEvent> implements AllEventsSource<Raw> {
  readonly events: Raw[] = [];
  private readonly live = new Set<(event: Raw) => void>();
  subscriptions = 0;

  append(...events: Raw[]): void {
    for (const event of events) {
      this.events.push(event);
      for (const deliver of this.live) deliver(event);
    }
  }

  /** Delivers an event again to live subscribers without storing it (at-least-once delivery). */
  redeliver(event: Raw): void {
    for (const deliver of this.live) deliver(event);
  }

  subscribe(options: Parameters<AllEventsSource<Raw>['subscribe']>[0]): SubscriptionHandle {
    this.subscriptions += 1;
    let open = true;
    const deliver = (event: Raw): void => {
      if (open) options.onEvent(event);
    };
    setImmediate(() => {
      for (const event of this.events) {
        if (!open) return;
        if (options.fromPosition === null || event.position > options.fromPosition) deliver(event);
      }
      if (!open) return;
      options.onCaughtUp();
      this.live.add(deliver);
    });
    return {
      close: async () => {
        open = false;
        this.live.delete(deliver);
      },
    };
  }
}
