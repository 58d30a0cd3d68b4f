// The shape of `GET /api/vorlagen/{id}` as the UI uses it (types only: nothing server-side is bundled).
import type {
  ApprovalEntry,
  CoSignedBySection,
  DashboardEntry,
  PlanStageEntry,
  TextState,
} from '../../../projections/queries';

export interface VorlagePermissions {
  readonly canEdit: boolean;
  readonly canManageLifecycle: boolean;
  readonly canCoordinate: boolean;
  readonly canReadAudit: boolean;
  readonly signableOfficeIds: readonly string[];
}

export interface VorlageDetail {
  readonly vorlage: DashboardEntry;
  readonly text: TextState | null;
  readonly approvals: readonly ApprovalEntry[];
  readonly coSignedBy: CoSignedBySection;
  readonly permissions: VorlagePermissions;
}

export interface WorkspaceUser {
  readonly userId: string;
  readonly displayName: string;
  readonly officeId: string;
  readonly officeName: string;
  readonly officeShortName: string;
  readonly role: string;
}

export type { ApprovalEntry, CoSignedBySection, DashboardEntry, PlanStageEntry, TextState };
