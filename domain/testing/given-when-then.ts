// given(events).when(command, context).then(events | errorCode): the spec helper for deciders.
import { expect } from 'vitest';
import { DomainError } from '../shared/errors';

export interface Decider<Command, Event, State, Context> {
  readonly initialState: () => State;
  readonly evolve: (state: State, event: Event) => State;
  readonly decide: (command: Command, state: State, context?: Context) => Event[];
}

export function specFor<Command, Event, State, Context>(
  decider: Decider<Command, Event, State, Context>,
) {
  return function given(history: readonly Event[]) {
    const state = history.reduce(decider.evolve, decider.initialState());
    return {
      state,
      when(command: Command, context?: Context) {
        const run = (): Event[] => decider.decide(command, state, context);
        return {
          /** Expects exactly these events; returns the state after them. */
          then(expected: readonly Event[]): State {
            const events = run();
            expect(events).toEqual(expected);
            return events.reduce(decider.evolve, state);
          },
          /** Expects a DomainError with this code (and, optionally, these details). */
          thenFails(code: string, details?: Record<string, unknown>): DomainError {
            let caught: unknown;
            try {
              run();
            } catch (error) {
              caught = error;
            }
            expect(caught, `expected DomainError ${code}`).toBeInstanceOf(DomainError);
            const error = caught as DomainError;
            expect(error.code).toBe(code);
            if (details) expect(error.details).toMatchObject(details);
            return error;
          },
          /** Runs the command and hands back the events for finer assertions. */
          events: run,
        };
      },
    };
  };
}
