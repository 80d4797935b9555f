import { Document, Scalar, visit } from 'yaml';

/**
 * Plain scalars a YAML 1.1 reader would not take as strings: booleans (`yes`, `on`, `Y`), nulls,
 * ints in any base including sexagesimal (`1:30`), floats and timestamps. Compose v1 (PyYAML) and
 * Kubernetes (go-yaml v2) both read YAML 1.1, so such strings must be quoted even though YAML 1.2
 * would read them as strings.
 */
const YAML11_NON_STRING = new RegExp(
  '^(?:' +
    [
      'y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF',
      '~|null|Null|NULL|',
      '[-+]?0b[01_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+',
      '[-+]?(?:[0-9][0-9_]*)?\\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)',
      '[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?',
      '[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+',
      '<<|=',
    ].join('|') +
    ')$',
);

/**
 * True when `value` must be quoted for YAML 1.1 readers: it would be read as something other
 * than a string, or holds a tab, which PyYAML refuses in a plain scalar.
 */
export function ambiguousInYaml11(value: string): boolean {
  return YAML11_NON_STRING.test(value) || value.includes('\t');
}

/**
 * YAML text for `value` that YAML 1.1 and 1.2 readers both read back unchanged. Uses the (fast)
 * 1.2 emitter and double-quotes the strings 1.1 would misread; no anchors, no line folding.
 */
export function stringifyYaml(value: unknown): string {
  const doc = new Document(value, { aliasDuplicateObjects: false });
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && node.type !== Scalar.QUOTE_DOUBLE && ambiguousInYaml11(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  return doc.toString({ lineWidth: 0 });
}
