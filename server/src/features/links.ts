import * as path from 'path';
import type { DocumentLink, DocumentLinkParams } from 'vscode-languageserver';
import type { EnvDocument } from '../core/parser';
import { pathToUri, rangeOf } from '../service/convert';
import { familyMember } from '../service/keys';
import type { Session } from '../service/session';

/**
 * Links to what an env file points at on disk: the `services/<name>/` folder of a CS_N (and the
 * CS_N_PATH / CS_N_DOCKERFILE it names), and `.environments/<env>/server.json` of a deploy target.
 */
export function getDocumentLinks(session: Session, params: DocumentLinkParams): DocumentLink[] | null {
  const model = session.workspace.model(params.textDocument.uri);
  const project = model.project;
  if (!project) return null;
  const doc = model.doc;
  const host = session.workspace.host;
  const links: DocumentLink[] = [];
  const exists = (file: string) => host.listDir(file) !== undefined || host.readText(file) !== undefined;

  for (const entry of doc.entries) {
    const member = familyMember(entry.key, session.catalog);
    if (member?.kind !== 'custom') continue;
    const { contentSpan } = entry.value;
    const value = doc.text.slice(contentSpan.start, contentSpan.end);
    if (!member.sub) {
      const name = value.split(':')[0];
      if (!name) continue;
      const folder = path.join(project.root, 'services', name);
      if (host.listDir(folder) === undefined) continue;
      links.push({ range: rangeOf(doc, contentSpan.start, contentSpan.start + name.length), target: pathToUri(folder), tooltip: `Open services/${name}/` });
    } else if ((member.sub === 'PATH' || member.sub === 'DOCKERFILE') && value) {
      const base = member.sub === 'DOCKERFILE' ? contextOf(doc, member.index, project.root) : project.root;
      const file = path.resolve(base, value);
      if (exists(file)) links.push({ range: rangeOf(doc, contentSpan.start, contentSpan.end), target: pathToUri(file), tooltip: `Open ${value}` });
    }
  }

  // `.environments/<name>` written anywhere (comments, values) → that target's server.json.
  const mention = /\.environments\/([a-z0-9][a-z0-9_-]*)/g;
  for (let m = mention.exec(doc.text); m; m = mention.exec(doc.text)) {
    const serverJson = path.join(project.root, '.environments', m[1], 'server.json');
    if (host.readText(serverJson) === undefined) continue;
    links.push({ range: rangeOf(doc, m.index, m.index + m[0].length), target: pathToUri(serverJson), tooltip: `Open .environments/${m[1]}/server.json` });
  }
  // In a target's own env files, the first line links to its server.json.
  const dir = model.path ? path.dirname(model.path) : '';
  if (path.basename(path.dirname(dir)) === '.environments' && doc.lines.length > 0) {
    const serverJson = path.join(dir, 'server.json');
    const first = doc.lines[0];
    if (host.readText(serverJson) !== undefined && first.kind === 'comment') {
      links.push({ range: rangeOf(doc, first.start, first.end), target: pathToUri(serverJson), tooltip: 'Open server.json of this deploy target' });
    }
  }
  return links;
}

/** The build context of CS_N: its CS_N_PATH, else `services/<name>`. */
function contextOf(doc: EnvDocument, index: number, root: string): string {
  let context: string | undefined;
  let name: string | undefined;
  for (const entry of doc.entries) {
    if (entry.key === `CS_${index}_PATH`) context = entry.value.text;
    if (entry.key === `CS_${index}`) name = entry.value.text.split(':')[0];
  }
  return path.resolve(root, context ?? path.join('services', name ?? ''));
}
