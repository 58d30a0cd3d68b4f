// "Wer hat was geschrieben?": the per-character attribution of editor/authorship.ts for the current
// text or one Fassung, with names, offices and colours, for the page and the audit API alike.
// Callers authorize first (canReadAudit); nothing here checks who asks.
import 'server-only';
import { TEXT_SECTIONS, type SectionKey } from '../../../domain/text/sections';
import { attributeText, type AuthoredBlock } from '../../../editor/authorship';
import { colourAt } from '../../_components/author-colours';
import { compactOfficeName } from './event-facts';
import { displayNames, readLifecycle, readTextHistory } from './audit-service';
import { fassungenOf, lifecycleRecords, replayHintFor } from '../../../audit/fassungen';
import { stopIndexFor } from '../../../audit/text-history';

export interface AuthorView {
  /** Index the runs refer to. */
  readonly key: number;
  readonly people: readonly {
    readonly userId: string;
    readonly name: string;
    readonly officeId: string;
    readonly officeName: string;
  }[];
  /** "Name (Amt)"; several people for an event stored before per-author events (issue 13). */
  readonly label: string;
  readonly colour: string;
}

export interface AuthorshipView {
  /** The Fassung shown, or null for the current text. */
  readonly fassung: string | null;
  /** Revision of the text stream the attribution stands at; null for an empty stream. */
  readonly revision: string | null;
  readonly authors: readonly AuthorView[];
  readonly sections: readonly {
    readonly section: SectionKey;
    readonly number: number;
    readonly label: string;
    readonly blocks: readonly {
      readonly kind: AuthoredBlock['kind'];
      readonly runs: readonly { readonly text: string; readonly author: number | null }[];
    }[];
    readonly deleted: readonly {
      readonly text: string;
      readonly author: number | null;
      readonly deletedBy: number | null;
    }[];
  }[];
}

/** Group colour when an old event stored several people's edits together. */
const SHARED_COLOUR = '#555555';

/** The attribution of the current text, or of Fassung `fassung`; null when that Fassung is unknown. */
export async function readAuthorship(
  vorlageId: string,
  fassung: string | null = null,
): Promise<AuthorshipView | null> {
  const events = await readTextHistory(vorlageId);
  let stopIndex = events.length - 1;
  if (fassung !== null) {
    // Only the lifecycle's references to the Fassung are needed (which revision to stop at), not
    // a verification of its audit chain.
    const summary = fassungenOf(lifecycleRecords(await readLifecycle(vorlageId))).find(
      (candidate) => candidate.hash === fassung,
    );
    stopIndex = stopIndexFor(events, fassung, summary ? replayHintFor(summary) : {});
    if (stopIndex < 0) return null;
  }
  const authorship = attributeText(events, stopIndex);
  const names = await displayNames(
    authorship.groups.flatMap((group) => group.authors.map((author) => author.userId)),
  );
  let people = 0;
  const authors = authorship.groups.map((group, key): AuthorView => {
    const members = group.authors.map((author) => ({
      userId: author.userId,
      name: names.get(author.userId) ?? author.userId,
      officeId: author.officeId,
      officeName: compactOfficeName(author.officeId),
    }));
    return {
      key,
      people: members,
      label: members.map((person) => `${person.name} (${person.officeName})`).join(' oder '),
      colour: members.length === 1 ? colourAt(people++) : SHARED_COLOUR,
    };
  });
  return {
    fassung,
    revision: events[stopIndex]?.revision.toString() ?? null,
    authors,
    sections: authorship.sections.map((section) => {
      const meta = TEXT_SECTIONS.find((candidate) => candidate.key === section.section)!;
      return {
        section: section.section,
        number: meta.number,
        label: meta.label,
        blocks: section.blocks.map((block) => ({
          kind: block.kind,
          runs: block.runs.map((run) => ({ text: run.text, author: run.insertedBy })),
        })),
        deleted: section.deleted.map((run) => ({
          text: run.text,
          author: run.insertedBy,
          deletedBy: run.deletedBy ?? null,
        })),
      };
    }),
  };
}
