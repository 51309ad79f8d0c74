/** Vite config: React, base '/', dev proxy of /api and /hooks to the runtime, canvas split into its own chunk. */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const runtime = process.env.IDFLOW_RUNTIME_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  base: '/',
  plugins: [react()],
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api': { target: runtime, changeOrigin: false },
      '/hooks': { target: runtime, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 700,
  },
});
