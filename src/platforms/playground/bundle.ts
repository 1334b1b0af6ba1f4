import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { projectRoot } from '../../paths.ts';

const web = join(projectRoot, 'src/platforms/playground/web');

export interface PageAssets {
  html: string;
  css: string;
  js: string;
}

/**
 * The page, built from its sources as the bot starts (esbuild, as `npm start` builds the
 * bot itself): plain TypeScript into one script, served with the page and its stylesheet.
 */
export async function buildPage(): Promise<PageAssets> {
  const [html, css, bundle] = await Promise.all([
    readFile(join(web, 'index.html'), 'utf8'),
    readFile(join(web, 'style.css'), 'utf8'),
    build({
      entryPoints: [join(web, 'main.ts')],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      minify: true,
      logLevel: 'error',
    }),
  ]);
  return { html, css, js: bundle.outputFiles[0]?.text ?? '' };
}
