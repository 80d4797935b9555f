import type { Rule } from '../types';
import { familyIndex } from '../familyIndex';

const WITH_IMAGE = ['PATH', 'DOCKERFILE', 'BUILD_TARGET'];

/** `CS_N_IMAGE` runs a pre-built image, so build settings cannot apply (nself 1.x refuses the mix). */
export const csConflictingSubKeys: Rule = {
  code: 'cs-image-and-build',
  title: 'Custom service with both an image and build settings',
  description: '`CS_N_IMAGE` runs a pre-built image; `CS_N_PATH`, `CS_N_DOCKERFILE` and `CS_N_BUILD_TARGET` describe a build. nself 1.x refuses the combination.',
  severity: 'error',
  scope: 'config',
  check({ config, catalog, report }) {
    for (const group of familyIndex(config, catalog).customServices.values()) {
      const image = group.subs.get('IMAGE');
      if (!image || image.value.trim() === '') continue;
      for (const sub of WITH_IMAGE) {
        const other = group.subs.get(sub);
        if (!other || other.value.trim() === '') continue;
        report({
          doc: other.doc,
          start: other.entry.keySpan.start,
          end: other.entry.keySpan.end,
          message: `\`${other.key}\` cannot be combined with \`CS_${group.index}_IMAGE\`: an image is run as is, not built. Remove one of them.`,
          related: [{ file: image.doc.path, start: image.entry.keySpan.start, end: image.entry.keySpan.end, message: 'the image' }],
        });
      }
    }
  },
};
