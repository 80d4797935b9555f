import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import { classifyKey } from '../core/catalog';
import type { EntryLine, EnvDocument, Reference } from '../core/parser';
import type { EffectiveConfig } from '../core/project';
import { offsetAt, rangeOf } from '../service/convert';
import type { DocumentModel } from '../service/documentModel';
import { familyMember, keyFacts } from '../service/keys';
import { locate } from '../service/locate';
import type { Session } from '../service/session';

export function doHover(session: Session, params: HoverParams): Hover | null {
  const model = session.workspace.model(params.textDocument.uri);
  if (!session.isActive(model)) return null;
  const doc = model.doc;
  const offset = offsetAt(doc, params.position);
  const at = locate(doc, offset);
  if (at.kind === 'other') return null;
  const config = session.config(model);
  if (at.kind === 'reference') {
    return { contents: { kind: MarkupKind.Markdown, value: referenceHover(session, config, at.ref) }, range: rangeOf(doc, at.ref.span.start, at.ref.span.end) };
  }
  const sections = [keyHover(session, model, config, at.line)];
  const member = familyMember(at.line.key, session.catalog);
  if (member?.kind === 'custom') {
    const service = customServiceHover(session, config, member.index);
    if (service) sections.push(service);
    if (!member.sub && at.kind === 'value') {
      const template = templateHover(session, doc, at.line, offset);
      if (template) sections.push(template);
    }
  }
  const span = at.kind === 'key' ? at.line.keySpan : at.line.value.span;
  return { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') }, range: rangeOf(doc, span.start, span.end) };
}

function code(text: string): string {
  const ticks = text.includes('`') ? '``' : '`';
  return `${ticks}${text.replace(/\n/g, '⏎')}${ticks}`;
}

function keyHover(session: Session, model: DocumentModel, config: EffectiveConfig, line: EntryLine): string {
  const { key } = line;
  const facts = keyFacts(key, session.catalog);
  const out = [`**${key}**${facts ? ` · ${facts.group}` : ''}`];
  if (facts) {
    out.push(facts.description);
    if (facts.default !== undefined) out.push(`Default: ${code(session.display(key, facts.default))}`);
    if (facts.values?.length) out.push(`Values: ${facts.values.map(code).join(', ')}`);
  } else {
    const known = classifyKey(key, session.catalog);
    if (known.kind === 'user-prefix') out.push(`Your own key (prefix \`${known.prefix}\`): nself passes it through without checking it.`);
    else if (known.kind === 'flag') out.push('A `*_ENABLED` flag that no nself service reads.');
    else out.push('Not a key nself reads (your own services may; `ENV_ALLOWLIST` declares such keys).');
  }
  const binding = config.binding(key);
  if (!binding) return out.join('\n\n');
  const env = config.env;
  out.push(`**${env}**: ${code(session.display(key, binding.value, config))} from ${session.where(binding.doc.path, binding.entry.line)}`);
  const isWinner = binding.doc.path === model.doc.path && binding.entry.line === line.line;
  if (!isWinner && binding.doc.path !== model.doc.path) {
    out.push(`Overridden in ${env} by ${session.where(binding.doc.path, binding.entry.line)}.`);
  } else if (!isWinner) {
    out.push(`Ignored: set again on line ${binding.entry.line + 1}.`);
  }
  const overridden = binding.overrides.filter((o) => !(o.doc.path === model.doc.path && o.entry.line === line.line));
  if (isWinner && overridden.length > 0) {
    out.push(`Overrides ${overridden.map((o) => `${session.where(o.doc.path, o.entry.line)} (${code(session.display(key, o.entry.value.text, config))})`).join(', ')}.`);
  }
  if (binding.unresolved.length > 0) out.push(`Unresolved: ${binding.unresolved.map((n) => code(`\${${n}}`)).join(', ')}`);
  if (binding.cycle) out.push(`Reference cycle: ${binding.cycle.join(' → ')}`);
  return out.join('\n\n');
}

function referenceHover(session: Session, config: EffectiveConfig, ref: Reference): string {
  const binding = config.binding(ref.name);
  const title = `**${ref.form === 'braced' ? `\${${ref.name}}` : `$${ref.name}`}**`;
  if (!binding) {
    if (ref.defaultValue !== undefined) return `${title}\n\nNot set in ${config.env}: the default ${code(session.display(ref.name, ref.defaultValue))} is used.`;
    return `${title}\n\nNot set in ${config.env}: expands to an empty string.`;
  }
  if (binding.value === '' && ref.defaultOp === ':-' && ref.defaultValue !== undefined) {
    return `${title}\n\nEmpty in ${config.env} (${session.where(binding.doc.path, binding.entry.line)}): the default ${code(session.display(ref.name, ref.defaultValue))} is used.`;
  }
  return `${title} → ${code(session.display(ref.name, binding.value, config))}\n\nfrom ${session.where(binding.doc.path, binding.entry.line)} (${config.env})`;
}

/** What a build makes of `CS_N`, from the service model. */
function customServiceHover(session: Session, config: EffectiveConfig, index: number): string | undefined {
  const service = session.serviceModel(config)?.services.find((s) => s.custom?.index === index);
  if (!service) return undefined;
  const rows: [string, string][] = [];
  if (service.composeKey) {
    rows.push(['Compose service', code(service.composeKey)]);
    rows.push(['DNS name', code(service.composeKey)]);
  }
  if (service.containerName) rows.push(['Container', code(service.containerName)]);
  if (service.build) rows.push(['Build folder', code(service.build.context)]);
  else if (service.image) rows.push(['Image', code(service.image.value)]);
  if (service.custom?.template) rows.push(['Template', `${code(service.custom.template)}${service.custom.language ? ` (${service.custom.language})` : ''}`]);
  for (const port of service.ports) rows.push(['Host port', `${code(String(port.host))}${port.bind ? ` on ${port.bind}` : ''} → ${port.container}`]);
  for (const route of service.routes) rows.push(['URL', route.url]);
  return ['| CS_' + index + ' | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
}

function templateHover(session: Session, doc: EnvDocument, line: EntryLine, offset: number): string | undefined {
  const start = line.value.contentSpan.start;
  const fields = doc.text.slice(start, line.value.contentSpan.end).split(':');
  const before = doc.text.slice(start, offset).split(':').length - 1;
  if (before !== 1 || fields.length < 2) return undefined;
  const template = session.catalog.templates.get(fields[1]);
  if (!template) return undefined;
  return `Template ${code(template.name)} · ${template.language}${template.compiled ? ' (compiled)' : ''}\n\n${template.description}`;
}
