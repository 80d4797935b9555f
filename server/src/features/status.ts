import type { Connection } from 'vscode-languageserver';
import { StatusNotification, type Health, type ProjectStatus, type StatusParams } from '../protocol';
import type { ErrorBoundary } from '../service/errors';
import type { Session } from '../service/session';

const RANK: Record<Health, number> = { ok: 0, warnings: 1, errors: 2 };

/** The `nself/status` notification: projects, active environment, profile and health. */
export class StatusFeature {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private last = '';

  constructor(
    private readonly session: Session,
    private readonly connection: Connection,
    private readonly errors: ErrorBoundary,
    private readonly healthOf: (root: string) => { errors: number; warnings: number },
  ) {}

  compute(): StatusParams {
    const { session } = this;
    const projects: ProjectStatus[] = session.workspace.allProjects().map((project) => {
      const { errors, warnings } = this.healthOf(project.root);
      return {
        root: project.root,
        activeEnvironment: session.activeEnvironment,
        environments: project.environments(),
        targets: project.targets().map((t) => t.name),
        health: errors > 0 ? 'errors' : warnings > 0 ? 'warnings' : 'ok',
        errors,
        warnings,
      };
    });
    const health = projects.reduce<Health>((worst, p) => (RANK[p.health] > RANK[worst] ? p.health : worst), 'ok');
    return { profile: session.profile, activeEnvironment: session.activeEnvironment, projects, health };
  }

  /** Send soon, coalescing bursts (every publish of diagnostics asks for one). */
  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.errors.run('status', () => void this.send(this.compute()));
    }, 100);
  }

  publishNow(): StatusParams {
    const status = this.compute();
    this.send(status, true);
    return status;
  }

  private send(status: StatusParams, force = false): void {
    const text = JSON.stringify(status);
    if (!force && text === this.last) return;
    this.last = text;
    void this.connection.sendNotification(StatusNotification, status);
  }
}
