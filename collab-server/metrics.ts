// Counters and gauges of one collab server instance, rendered as Prometheus text or JSON.

export interface MetricsSnapshot {
  readonly connections: number;
  readonly loadedDocuments: number;
  readonly updatesReceivedTotal: number;
  readonly updatesPerSecond: number;
  readonly droppedReadOnlyUpdatesTotal: number;
  readonly droppedLockedBatchesTotal: number;
  readonly persistedEventsTotal: number;
  readonly persistFailuresTotal: number;
  readonly rightsRevokedTotal: number;
  readonly pendingUpdates: number;
  /** Documents holding edits not yet stored, and those whose last attempt to store failed. */
  readonly unsavedDocuments: number;
  readonly failingDocuments: number;
  /** Age of the oldest update not yet in the store, in seconds (0 when all is stored). */
  readonly persistenceLagSeconds: number;
  /** The persistence worker is up (0 while it restarts or after the host gave up). */
  readonly persistenceWorkerUp: number;
  readonly persistenceWorkerRestartsTotal: number;
  /** Updates refused before they reached the document, by reason. */
  readonly refusedUpdatesTotal: number;
  readonly refusedUpdatesByReason: Readonly<Record<string, number>>;
  readonly closedConnectionsByCode: Readonly<Record<string, number>>;
  readonly refusedUpgradesByStatus: Readonly<Record<string, number>>;
}

export interface MetricsSources {
  connections(): number;
  loadedDocuments(): number;
  pendingUpdates(): number;
  unsavedDocuments(): number;
  failingDocuments(): number;
  oldestPendingAt(): number | null;
  persistenceWorkerUp(): boolean;
}

export class CollabMetrics {
  updatesReceived = 0;
  droppedReadOnlyUpdates = 0;
  droppedLockedBatches = 0;
  persistedEvents = 0;
  persistFailures = 0;
  /** Open connections closed because the user's rights changed. */
  rightsRevoked = 0;
  /** Persistence workers started after one died. */
  persistenceWorkerRestarts = 0;
  private readonly closedByCode = new Map<number, number>();
  private readonly refusedByReason = new Map<string, number>();
  private readonly refusedByStatus = new Map<number, number>();
  /** Update counts per second over the last 10 seconds, for a smoothed rate. */
  private readonly window: { second: number; count: number }[] = [];

  constructor(
    private readonly sources: MetricsSources,
    private readonly now: () => number,
  ) {}

  updateReceived(): void {
    this.updatesReceived++;
    const second = Math.floor(this.now() / 1000);
    const last = this.window.at(-1);
    if (last && last.second === second) last.count++;
    else {
      this.window.push({ second, count: 1 });
      if (this.window.length > 11) this.window.shift();
    }
  }

  updateRefused(reason: string): void {
    this.refusedByReason.set(reason, (this.refusedByReason.get(reason) ?? 0) + 1);
  }

  connectionClosed(code: number): void {
    this.closedByCode.set(code, (this.closedByCode.get(code) ?? 0) + 1);
  }

  upgradeRefused(status: number): void {
    this.refusedByStatus.set(status, (this.refusedByStatus.get(status) ?? 0) + 1);
  }

  snapshot(): MetricsSnapshot {
    const nowSecond = Math.floor(this.now() / 1000);
    const recent = this.window.filter(
      (entry) => entry.second >= nowSecond - 10 && entry.second < nowSecond,
    );
    const oldest = this.sources.oldestPendingAt();
    return {
      connections: this.sources.connections(),
      loadedDocuments: this.sources.loadedDocuments(),
      updatesReceivedTotal: this.updatesReceived,
      updatesPerSecond: recent.reduce((sum, entry) => sum + entry.count, 0) / 10,
      droppedReadOnlyUpdatesTotal: this.droppedReadOnlyUpdates,
      droppedLockedBatchesTotal: this.droppedLockedBatches,
      persistedEventsTotal: this.persistedEvents,
      persistFailuresTotal: this.persistFailures,
      rightsRevokedTotal: this.rightsRevoked,
      pendingUpdates: this.sources.pendingUpdates(),
      unsavedDocuments: this.sources.unsavedDocuments(),
      failingDocuments: this.sources.failingDocuments(),
      persistenceLagSeconds: oldest === null ? 0 : Math.max(0, (this.now() - oldest) / 1000),
      persistenceWorkerUp: this.sources.persistenceWorkerUp() ? 1 : 0,
      persistenceWorkerRestartsTotal: this.persistenceWorkerRestarts,
      refusedUpdatesTotal: [...this.refusedByReason.values()].reduce((sum, n) => sum + n, 0),
      refusedUpdatesByReason: Object.fromEntries(this.refusedByReason),
      closedConnectionsByCode: Object.fromEntries(this.closedByCode),
      refusedUpgradesByStatus: Object.fromEntries(this.refusedByStatus),
    };
  }
}

export function renderPrometheus(snapshot: MetricsSnapshot): string {
  const lines: string[] = [];
  const metric = (
    name: string,
    type: 'gauge' | 'counter',
    help: string,
    value: number,
    labels = '',
  ) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name}${labels} ${value}`);
  };
  metric('collab_connections', 'gauge', 'Open WebSocket connections', snapshot.connections);
  metric('collab_loaded_documents', 'gauge', 'Documents in memory', snapshot.loadedDocuments);
  metric(
    'collab_updates_received_total',
    'counter',
    'Yjs updates applied',
    snapshot.updatesReceivedTotal,
  );
  metric(
    'collab_updates_per_second',
    'gauge',
    'Updates per second, last 10 s',
    snapshot.updatesPerSecond,
  );
  metric(
    'collab_dropped_readonly_updates_total',
    'counter',
    'Updates dropped because the connection was read-only',
    snapshot.droppedReadOnlyUpdatesTotal,
  );
  metric(
    'collab_dropped_locked_batches_total',
    'counter',
    'Unstored batches dropped because editing was locked',
    snapshot.droppedLockedBatchesTotal,
  );
  metric(
    'collab_persisted_events_total',
    'counter',
    'Events appended',
    snapshot.persistedEventsTotal,
  );
  metric(
    'collab_persist_failures_total',
    'counter',
    'Failed appends (retried)',
    snapshot.persistFailuresTotal,
  );
  metric(
    'collab_rights_revoked_total',
    'counter',
    'Open connections closed because the rights of their user changed',
    snapshot.rightsRevokedTotal,
  );
  metric('collab_pending_updates', 'gauge', 'Updates not yet stored', snapshot.pendingUpdates);
  metric(
    'collab_unsaved_documents',
    'gauge',
    'Documents holding edits not yet stored',
    snapshot.unsavedDocuments,
  );
  metric(
    'collab_failing_documents',
    'gauge',
    'Documents whose last attempt to store failed (retrying with backoff)',
    snapshot.failingDocuments,
  );
  metric(
    'collab_persistence_lag_seconds',
    'gauge',
    'Age of the oldest update not yet stored (oldest unsaved edit)',
    snapshot.persistenceLagSeconds,
  );
  metric(
    'collab_persistence_worker_up',
    'gauge',
    'The persistence worker is up (0 while it restarts)',
    snapshot.persistenceWorkerUp,
  );
  metric(
    'collab_persistence_worker_restarts_total',
    'counter',
    'Persistence workers started after one died',
    snapshot.persistenceWorkerRestartsTotal,
  );
  lines.push(
    '# HELP collab_refused_updates_total Updates refused before they reached the document',
  );
  lines.push('# TYPE collab_refused_updates_total counter');
  for (const [reason, count] of Object.entries(snapshot.refusedUpdatesByReason)) {
    lines.push(`collab_refused_updates_total{reason="${reason}"} ${count}`);
  }
  lines.push('# HELP collab_closed_connections_total Connections closed, by close code');
  lines.push('# TYPE collab_closed_connections_total counter');
  for (const [code, count] of Object.entries(snapshot.closedConnectionsByCode)) {
    lines.push(`collab_closed_connections_total{code="${code}"} ${count}`);
  }
  lines.push('# HELP collab_refused_upgrades_total Upgrades refused, by HTTP status');
  lines.push('# TYPE collab_refused_upgrades_total counter');
  for (const [status, count] of Object.entries(snapshot.refusedUpgradesByStatus)) {
    lines.push(`collab_refused_upgrades_total{status="${status}"} ${count}`);
  }
  return `${lines.join('\n')}\n`;
}
