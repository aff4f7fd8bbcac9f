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
