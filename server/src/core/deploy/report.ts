/**
 * How a plan and an outcome read: markdown for the editor's plan document, plain text for the CLI,
 * a JSON summary for pipelines. Values in them are already masked by the plan and the pipeline.
 */
import type { DeployOutcome } from './pipeline';
import type { DeployPlan } from './plan';

const ACTION_TITLE = { create: 'created', recreate: 'recreated', unchanged: 'left alone', remove: 'removed' } as const;

/** The plan as a markdown document (the editor's virtual document, `--plan` output). */
export function planMarkdown(plan: DeployPlan): string {
  const t = plan.target;
  const out: string[] = [];
  out.push(`# Deploy plan: ${plan.project} → ${t.name}`, '');
  if (plan.destination) out.push(`${plan.destination}, release \`${plan.releaseId}\`.`, '');
  else out.push(`Server \`${t.user ? t.user + '@' : ''}${t.host}:${t.port}\`, path \`${t.path}\`, release \`${plan.releaseId}\` (now live: \`${plan.previousRelease ?? 'none'}\`).`, '');
  for (const w of plan.warnings) out.push(`> ${w}`, '');
  out.push('## Services', '');
  for (const action of ['create', 'recreate', 'remove', 'unchanged'] as const) {
    const list = plan.services.filter((s) => s.action === action);
    if (list.length) out.push(`- **${ACTION_TITLE[action]}**: ${list.map((s) => `\`${s.name}\` (${s.reason})`).join(', ')}`);
  }
  out.push('', `Start order: ${plan.startOrder.map((s) => `\`${s}\``).join(' → ') || '(none)'}`, '');
  if (plan.images.length) {
    out.push('## Images', '');
    for (const i of plan.images) out.push(`- \`${i.service}\`: ${i.how === 'build' ? 'built from' : 'pulled'} \`${i.image}\``);
    out.push('');
  }
  if (plan.routes.length) {
    out.push('## Routes (through nginx)', '');
    for (const r of plan.routes) out.push(`- \`${r.host}\` → \`${r.upstream}\``);
    out.push('');
  }
  const changed = plan.files.filter((f) => f.change !== 'same');
  out.push(plan.destination ? '## Changes' : '## Files', '', `${changed.length} of ${plan.files.filter((f) => f.change !== 'remove').length} ${plan.destination ? 'objects' : 'files'} change${plan.destination ? '' : ` (${formatBytes(plan.bytesToSend)} to send)`}.`, '');
  for (const f of changed) {
    out.push(`### ${f.change === 'add' ? 'new' : f.change === 'remove' ? 'removed from the server' : 'changed'}: \`${f.path}\``, '');
    if (f.diff) out.push('```diff', f.diff.trimEnd(), '```', '');
  }
  out.push('## Commands', '');
  out.push('```sh', ...plan.commands.map((argv) => argv.map(shellDisplay).join(' ')), '```', '');
  return out.join('\n');
}

/** The plan as short text for a terminal. */
export function planText(plan: DeployPlan): string {
  const lines = [`Plan for ${plan.project} → ${plan.target.name} (${plan.destination?.replace(/`/g, '') ?? `${plan.target.host}:${plan.target.path}`}), release ${plan.releaseId}`];
  for (const s of plan.services) lines.push(`  ${s.action.padEnd(9)} ${s.name}  (${s.reason})`);
  for (const f of plan.files.filter((f) => f.change !== 'same')) lines.push(`  file ${f.change.padEnd(6)} ${f.path}`);
  lines.push(`  ${formatBytes(plan.bytesToSend)} to send`);
  for (const f of plan.files) if (f.diff) lines.push(f.diff.trimEnd());
  lines.push('Commands:', ...plan.commands.map((argv) => '  ' + argv.map(shellDisplay).join(' ')));
  return lines.join('\n') + '\n';
}

/** The outcome for a person. */
export function outcomeText(o: DeployOutcome): string {
  const lines = [o.message];
  for (const p of o.problems) lines.push(`  ${p.file ? `${p.file}:${(p.line ?? 0) + 1}: ` : ''}${p.message}`);
  if (o.failing) {
    lines.push(`Failing service: ${o.failing.service} (${o.failing.reason ?? o.failing.state})`);
    for (const h of o.failing.health ?? []) lines.push(`  health: ${h}`);
    if (o.failing.logs.length) lines.push('Last log lines:', ...o.failing.logs.map((l) => '  ' + l));
  }
  if (o.note) lines.push(o.note);
  return lines.join('\n') + '\n';
}

/** The JSON summary (`--json`). */
export function outcomeJson(o: DeployOutcome): object {
  return {
    result: o.result,
    message: o.message,
    release: o.releaseId,
    target: o.plan?.target.name,
    restored: o.restored,
    bytesSent: o.bytesSent,
    timings: o.timings,
    problems: o.problems,
    failing: o.failing,
    note: o.note,
    plan: o.plan && {
      services: o.plan.services,
      files: o.plan.files.map((f) => ({ path: f.path, change: f.change, bytes: f.bytes })),
      startOrder: o.plan.startOrder,
      bytesToSend: o.plan.bytesToSend,
      commands: o.plan.commands,
    },
  };
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/** An argument as a reader would type it (display only: nothing runs this text). */
function shellDisplay(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
