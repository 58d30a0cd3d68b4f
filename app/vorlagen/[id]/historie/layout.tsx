// The audit review pages (history, Fassungen, comparison, authorship) share one stylesheet.
import '../../../_features/audit/audit.css';

export default function AuditReviewLayout({ children }: { children: React.ReactNode }) {
  return children;
}
