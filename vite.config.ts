import { fileURLToPath, URL } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const API_PORT = Number(process.env.PORT ?? 8080);

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  build: {
    outDir: 'dist',
    sourcemap: true,
    target: 'es2022',
    rollupOptions: {
      // The rerank lab (src/lib/rerank/lab) is a second page: e2e parity specs and the latency
      // bench drive the app's own reranker through it.
      input: {
        main: fileURLToPath(new URL('./index.html', import.meta.url)),
        'rerank-lab': fileURLToPath(new URL('./rerank-lab.html', import.meta.url)),
      },
    },
  },
  // The rerank worker loads onnxruntime-web with dynamic imports: only ES workers can code-split.
  worker: { format: 'es' },
  optimizeDeps: {
    // Pre-bundling would move onnxruntime-web away from the .wasm files it resolves at run time.
    exclude: ['onnxruntime-web'],
  },
  server: {
    // `npm run dev` serves the SPA with HMR and forwards API and thumbnail requests
    // to a backend started with `npm run serve`.
    proxy: {
      '/api': `http://localhost:${API_PORT}`,
      '/thumbs': `http://localhost:${API_PORT}`,
    },
  },
});
