// The console is built to apps/console/dist and served by the API at `/` (apps/api/src/console.ts).
// Vite's own transform handles TSX with React's automatic runtime; no dev-only plugin is needed for
// the production build. `npm run console:dev` proxies GraphQL to a running API for working on pages.
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // Mantine marks its modules "use client" for server-rendering frameworks; a browser bundle has no use for it.
      onLog(level, log, handler) {
        if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
        handler(level, log);
      },
    },
  },
  oxc: { jsx: { runtime: 'automatic' } },
  server: {
    port: 5173,
    proxy: { '/graphql': { target: 'http://localhost:3000', ws: true, changeOrigin: false } },
  },
});
