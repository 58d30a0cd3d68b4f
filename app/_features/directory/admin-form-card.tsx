'use client';
// The frame of an admin form that creates something: the card with its title, the live region
// for the outcome, the form and its submit button with the API's German error.
import type { FormEvent, ReactNode, RefObject } from 'react';
import { FieldError } from '../../_components/field-error';
import { StatusMessage } from './status-message';
import type { AdminCommand, AdminStatus } from './use-admin-command';

export function AdminFormCard(props: {
  id: string;
  title: string;
  /** The submit button's label, and the one while the command runs. */
  submitLabel: string;
  busyLabel: string;
  status: AdminStatus & { readonly ref: RefObject<HTMLDivElement | null> };
  command: AdminCommand;
  formRef: RefObject<HTMLFormElement | null>;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  children: ReactNode;
}) {
  return (
    <section className="card" aria-labelledby={`${props.id}-title`}>
      <h2 id={`${props.id}-title`} className="card__title">
        {props.title}
      </h2>
      <StatusMessage message={props.status.message} statusRef={props.status.ref} />
      <form ref={props.formRef} onSubmit={props.onSubmit} className="form form--grid" noValidate>
        {props.children}
        <div className="form__wide form-actions">
          <button
            type="submit"
            className="button button--primary"
            aria-disabled={props.command.busy}
          >
            {props.command.busy ? props.busyLabel : props.submitLabel}
          </button>
          <FieldError id={`${props.id}-error`} message={props.command.error?.message} />
        </div>
      </form>
    </section>
  );
}
