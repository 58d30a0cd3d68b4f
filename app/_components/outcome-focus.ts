'use client';
// After a form's command the button pressed is disabled or gone, which drops the focus to <body>.
// The outcome's status line takes it instead, once it shows the outcome (an empty status line is
// not rendered, so focusing it earlier does nothing).
import { useEffect, useRef } from 'react';

export function useOutcomeFocus<Element extends HTMLElement>(outcome: string | null) {
  const ref = useRef<Element>(null);
  const wanted = useRef(false);
  useEffect(() => {
    if (!wanted.current || !outcome) return;
    wanted.current = false;
    ref.current?.focus();
  }, [outcome]);
  return {
    ref,
    /** Moves the focus to the status line as soon as it shows the next outcome. */
    focusNextOutcome: () => {
      wanted.current = true;
    },
  };
}
