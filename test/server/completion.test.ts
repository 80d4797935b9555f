import * as assert from 'assert';
import type { CompletionItem, CompletionList } from 'vscode-languageserver-protocol';
import { DEV_SECRET, demoProject } from './helpers/project';
import { caret, TestConnection } from './helpers/testConnection';
import { PATIENCE } from '../helpers/patience';

describe('server: completion', function () {
  // A real component (see test/helpers/patience.ts): wait as long as the machine needs.
  this.timeout(PATIENCE.start);
  let c: TestConnection;
  let project: ReturnType<typeof demoProject>;
  before(async () => {
    project = demoProject();
    c = await TestConnection.start({ root: project.root });
  });
  after(() => c.stop());

  /** Opens the marked text as `.env.local` (a fresh URI each time) and completes at the caret. */
  async function complete(marked: string): Promise<CompletionItem[]> {
    const { text, position } = caret(marked);
    const uri = await c.open(project.file('.env.local'), text);
    const list = await c.request<CompletionList | null>('textDocument/completion', { textDocument: { uri }, position });
    await c.close(uri);
    // The editor's order: sort text, then label.
    return [...(list?.items ?? [])].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label) || a.label.localeCompare(b.label));
  }

  it('offers the next free CS_N as a snippet with templates and a free port, first', async () => {
    const items = await complete('CS_{|}');
    const first = items[0];
    assert.strictEqual(first.label, 'CS_3');
    const text = (first.textEdit as { newText: string }).newText;
    assert.match(text, /^CS_3=\$\{1:name\}:\$\{2\|[^|]*express-js[^|]*\|\}:\$\{3:8003\}$/);
    assert.strictEqual(first.insertTextFormat, 2);
  });

  it('offers sub-keys after CS_1_', async () => {
    const labels = (await complete('CS_1_{|}')).map((i) => i.label);
    assert.ok(labels.includes('CS_1_PORT') && labels.includes('CS_1_ROUTE'), labels.join());
    assert.ok(labels.every((l) => l.startsWith('CS_1_')));
  });

  it('offers the next free frontend app', async () => {
    const items = await complete('FRONTEND_APP_{|}');
    assert.strictEqual(items[0].label, 'FRONTEND_APP_2_NAME');
    assert.match((items[0].textEdit as { newText: string }).newText, /FRONTEND_APP_2_PORT=\$\{2:3001\}/);
  });

  it('offers templates with their language after CS_N=name:', async () => {
    const items = await complete('CS_3=svc:{|}');
    const express = items.find((i) => i.label === 'express-js');
    assert.strictEqual(express?.detail, 'js');
    const alias = items.find((i) => i.label === 'express');
    assert.match(alias?.detail ?? '', /alias of express-js/);
    assert.ok(items.indexOf(express!) < items.indexOf(alias!), 'real templates rank before aliases');
  });

  it('offers a free port after the template, skipping taken ones', async () => {
    assert.strictEqual((await complete('CS_3=svc:express-js:{|}'))[0].label, '8003');
    assert.strictEqual((await complete('CS_4=x:bun:8003\nCS_3=svc:express-js:{|}'))[0].label, '8004');
  });

  it('offers true/false for flags and the values of enum keys', async () => {
    assert.deepStrictEqual((await complete('MINIO_ENABLED={|}')).map((i) => i.label).sort(), ['false', 'true']);
    const engines = (await complete('SEARCH_ENGINE={|}')).map((i) => i.label);
    assert.deepStrictEqual(engines, ['meilisearch', 'typesense']);
  });

  it('offers the variables of the cascade after ${, secrets masked', async () => {
    const items = await complete('X=${{|}');
    const base = items.find((i) => i.label === 'BASE_DOMAIN');
    assert.strictEqual(base?.detail, 'localhost');
    assert.strictEqual((base?.textEdit as { newText: string }).newText, 'BASE_DOMAIN}');
    const secret = items.find((i) => i.label === 'POSTGRES_PASSWORD');
    assert.ok(secret, 'secret keys are offered');
    assert.ok(!JSON.stringify(items).includes(DEV_SECRET), 'secret value leaked');
  });

  it('offers known keys with descriptions, masking secrets in documentation', async () => {
    const items = await complete('POSTGRES_{|}');
    const password = items.find((i) => i.label === 'POSTGRES_PASSWORD');
    assert.ok(password);
    // Documentation comes with completionItem/resolve, while the document is still open.
    const { text, position } = caret('POSTGRES_{|}');
    const uri = await c.open(project.file('.env.local'), text);
    const list = await c.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position });
    const resolved = await c.request<CompletionItem>('completionItem/resolve', list.items.find((i) => i.label === 'POSTGRES_PASSWORD'));
    await c.close(uri);
    assert.match(JSON.stringify(resolved.documentation), /Database password/);
    assert.match(JSON.stringify(resolved.documentation), /Now: `••••` \(\.env\.dev:3\)/);
    assert.ok(!JSON.stringify(items).includes(DEV_SECRET));
    assert.ok(!JSON.stringify(resolved).includes(DEV_SECRET));
  });

  it('ranks keys of enabled services before unrelated ones', async () => {
    const items = await complete('{|}');
    const redis = items.findIndex((i) => i.label === 'REDIS_PASSWORD');
    const grafana = items.findIndex((i) => i.label === 'GRAFANA_ADMIN_PASSWORD');
    assert.ok(redis !== -1 && grafana !== -1 && redis < grafana, `${redis} ${grafana}`);
  });

  it('sends the shared range once when the client takes list defaults', async () => {
    const vscodeLike = await TestConnection.start({
      root: project.root,
      capabilities: { textDocument: { completion: { completionItem: { snippetSupport: true }, completionList: { itemDefaults: ['editRange', 'insertTextFormat', 'data'] } } } },
    });
    try {
      const { text, position } = caret('REDIS_{|}');
      const uri = await vscodeLike.open(project.file('.env.local'), text);
      const list = await vscodeLike.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position });
      assert.deepStrictEqual(list.itemDefaults?.editRange, { start: { line: 0, character: 0 }, end: { line: 0, character: 6 } });
      assert.strictEqual(list.itemDefaults?.insertTextFormat, 2);
      const password = list.items.find((i) => i.label === 'REDIS_PASSWORD')!;
      assert.strictEqual(password.textEdit, undefined);
      assert.strictEqual(password.textEditText, 'REDIS_PASSWORD=$1');
      assert.ok(JSON.stringify(list).length < 60_000, 'compact list');
      const resolved = await vscodeLike.request<CompletionItem>('completionItem/resolve', password);
      assert.match(JSON.stringify(resolved.documentation), /Redis password/);
    } finally {
      await vscodeLike.stop();
    }
  });

  it('offers nothing in comments', async () => {
    assert.deepStrictEqual(await complete('# CS_{|}'), []);
  });
});

describe('server: completion for a client without snippet support (Neovim)', function () {
  // A real component (see test/helpers/patience.ts): wait as long as the machine needs.
  this.timeout(PATIENCE.start);
  let project: ReturnType<typeof demoProject>;
  before(() => {
    project = demoProject();
  });

  /** What Neovim's built-in client declares: no snippets, no list defaults, no dynamic registration. */
  const NEOVIM = {
    workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: false } },
    textDocument: { completion: { completionItem: { snippetSupport: false } } },
  };

  async function completeWith(capabilities: Record<string, unknown>, marked: string): Promise<CompletionList> {
    const client = await TestConnection.start({ root: project.root, capabilities });
    try {
      const { text, position } = caret(marked);
      const uri = await client.open(project.file('.env.local'), text);
      return await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position });
    } finally {
      await client.stop();
    }
  }

  /** Every item inserts plain, single-line text: no snippet syntax, no line break, no NUL. */
  function assertPlain(list: CompletionList): void {
    assert.notStrictEqual(list.itemDefaults?.insertTextFormat, 2);
    for (const item of list.items) {
      assert.notStrictEqual(item.insertTextFormat, 2, item.label);
      const text = item.textEditText ?? (item.textEdit as { newText: string } | undefined)?.newText ?? item.insertText ?? item.label;
      assert.doesNotMatch(text, /[\n\r\0]|\$\{?\d/, `${item.label}: ${JSON.stringify(text)}`);
    }
  }

  const newText = (item: CompletionItem | undefined) => item?.textEditText ?? (item?.textEdit as { newText: string } | undefined)?.newText;

  it('the next free CS_N inserts `CS_3=`, not a snippet or its first choice', async () => {
    const list = await completeWith(NEOVIM, 'CS_{|}');
    assertPlain(list);
    const cs = list.items.find((i) => i.label === 'CS_3');
    assert.strictEqual(newText(cs), 'CS_3=');
    assert.match(JSON.stringify(cs?.documentation), /port 8003 is free/);
  });

  it('the next free frontend app inserts one line, `FRONTEND_APP_2_NAME=`', async () => {
    const list = await completeWith(NEOVIM, 'FRONTEND_APP_{|}');
    assertPlain(list);
    assert.strictEqual(newText(list.items.find((i) => i.label === 'FRONTEND_APP_2_NAME')), 'FRONTEND_APP_2_NAME=');
  });

  it('keys insert `KEY=`; values, templates and ports still complete as plain text', async () => {
    const keys = await completeWith(NEOVIM, 'MINIO_{|}');
    assertPlain(keys);
    assert.strictEqual(newText(keys.items.find((i) => i.label === 'MINIO_ENABLED')), 'MINIO_ENABLED=');
    assert.strictEqual(newText(keys.items.find((i) => i.label === 'MINIO_ROOT_USER')), 'MINIO_ROOT_USER=');
    const templates = await completeWith(NEOVIM, 'CS_3=svc:{|}');
    assertPlain(templates);
    assert.strictEqual(newText(templates.items.find((i) => i.label === 'express-js')), 'express-js');
    assert.strictEqual(newText((await completeWith(NEOVIM, 'CS_3=svc:express-js:{|}')).items[0]), '8003');
  });

  it('a client with list defaults but no snippets gets plain text and no snippet default', async () => {
    const list = await completeWith({ textDocument: { completion: { completionItem: { snippetSupport: false }, completionList: { itemDefaults: ['editRange', 'insertTextFormat'] } } } }, 'REDIS_{|}');
    assertPlain(list);
    assert.ok(list.itemDefaults?.editRange, 'the shared range is still sent once');
    assert.strictEqual(newText(list.items.find((i) => i.label === 'REDIS_PASSWORD')), 'REDIS_PASSWORD=');
  });
});
