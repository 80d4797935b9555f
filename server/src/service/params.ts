/**
 * The shapes of request params, checked once at the edge (`ErrorBoundary.request`): a client that
 * sends `{"root": 5}` or a position without a line gets `InvalidParams` naming the field, never a
 * JavaScript TypeError from deep inside a feature. Objects are loose: fields we do not read pass.
 */
import { z } from 'zod';

const uri = z.string().min(1);
const textDocument = z.looseObject({ uri });
const position = z.looseObject({ line: z.number().int().min(0), character: z.number().int().min(0) });
const range = z.looseObject({ start: position, end: position });

/** `textDocument/*` requests that point at a place in a document. */
export const documentPositionParams = z.looseObject({ textDocument, position });
/** `textDocument/*` requests about a whole document. */
export const documentParams = z.looseObject({ textDocument });
export const documentRangeParams = z.looseObject({ textDocument, range });
export const renameParams = z.looseObject({ textDocument, position, newName: z.string() });
export const codeActionParams = z.looseObject({
  textDocument,
  range,
  context: z.looseObject({ diagnostics: z.array(z.looseObject({ range })), only: z.array(z.string()).optional() }),
});
export const didOpenParams = z.looseObject({ textDocument: z.looseObject({ uri, languageId: z.string(), version: z.number().int(), text: z.string() }) });
export const didChangeParams = z.looseObject({
  textDocument: z.looseObject({ uri, version: z.number().int() }),
  contentChanges: z.array(z.looseObject({ text: z.string(), range: range.optional() })),
});
export const didCloseParams = documentParams;
export const completionItemParams = z.looseObject({ label: z.string() });

const root = z.string().min(1).optional();
const env = z.string().min(1).max(200).optional();

export const serviceModelParams = z.looseObject({ root, env, reveal: z.boolean().optional() });
export const generateParams = z.looseObject({ root, env, reveal: z.boolean().optional(), target: z.enum(['compose', 'nginx', 'k8s', 'env', 'stack']) });
export const environmentsParams = z.looseObject({ root }).optional();
export const setActiveEnvironmentParams = z.looseObject({ environment: z.string().min(1).max(200).nullable() });

/** What a failed check says: each problem with the path of the field it is about. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'params'}: ${issue.message}`)
    .join('; ');
}
