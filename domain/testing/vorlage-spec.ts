// given/when/then bound to the Vorlage decider, shared by the spec files that exercise it.
import type { VorlageCommand } from '../vorlage/commands';
import { decide, evolve, initialState, type VorlageDecideContext } from '../vorlage/decider';
import type { VorlageEvent } from '../vorlage/events';
import type { VorlageState } from '../vorlage/state';
import { specFor } from './given-when-then';

export const givenVorlage = specFor<
  VorlageCommand,
  VorlageEvent,
  VorlageState,
  VorlageDecideContext
>({ initialState, evolve, decide });
