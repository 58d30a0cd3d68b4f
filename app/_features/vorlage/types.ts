// The shape of `GET /api/vorlagen/{id}` as the UI uses it (types only: nothing server-side is bundled).
import type {
  ApprovalEntry,
  CoSignedBySection,
  DashboardEntry,
  DiscussionThread,
  PlanStageEntry,
  TextState,
} from '../../../projections/queries';
import type { ProposalOverviewOffice } from '../../../domain/vorlage/proposal-decisions';
import type { DissentRights } from '../../../domain/discussion/authorization';
import type { DisagreementEntry } from '../../../domain/vorlage/disagreements';

export interface VorlagePermissions {
  readonly canEdit: boolean;
  /** False for signers: their edits become proposals (D-143). */
  readonly canEditDirectly: boolean;
  readonly canDecideProposals: boolean;
  readonly canManageLifecycle: boolean;
  readonly canCoordinate: boolean;
  readonly canReadAudit: boolean;
  /** D-130, D-131: may start threads, reply, resolve and reopen. */
  readonly canComment: boolean;
  /** D-182: which threads may be marked as dissent / unmarked. */
  readonly dissentRights: DissentRights;
  readonly signableOfficeIds: readonly string[];
}

export interface VorlageDetail {
  readonly vorlage: DashboardEntry;
  readonly text: TextState | null;
  readonly approvals: readonly ApprovalEntry[];
  readonly coSignedBy: CoSignedBySection;
  /** The comment threads, oldest first (D-130…D-134). */
  readonly discussion: readonly DiscussionThread[];
  readonly permissions: VorlagePermissions;
  readonly proposalOverview: readonly ProposalOverviewOffice[];
  /** D-161, D-182: the block "Verbliebene Meinungsverschiedenheiten" (refusals and threads). */
  readonly disagreements: readonly DisagreementEntry[];
}

export interface WorkspaceUser {
  readonly userId: string;
  readonly displayName: string;
  readonly officeId: string;
  readonly officeName: string;
  readonly officeShortName: string;
  readonly role: string;
}

export type {
  ApprovalEntry,
  CoSignedBySection,
  DashboardEntry,
  DiscussionThread,
  PlanStageEntry,
  TextState,
};
