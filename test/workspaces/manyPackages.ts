/**
 * A monorepo of `packages` services with 10 files each (code with a pool and a fork loop, app
 * configs, Compose, `.env`, a Kubernetes manifest, a `.cnf`, a README): 50,000 files for 5,000.
 */
export function manyPackageFiles(packages: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < packages; i++) {
    const root = `services/s${i}`;
    files[`${root}/package.json`] = `{ "name": "s${i}" }`;
    files[`${root}/src/db.ts`] = `import mysql from 'mysql2';\nexport const pool = mysql.createPool({ host: process.env.DB_HOST ?? 'db', connectionLimit: Number(process.env.POOL) || 4 });\n`;
    files[`${root}/src/index.ts`] = `import cluster from 'node:cluster';\nif (cluster.isPrimary) for (let i = 0; i < 2; i++) cluster.fork();\n`;
    files[`${root}/config/default.yaml`] = `workers: 2\ndatabase:\n  host: db\n  connectionLimit: 4\n`;
    files[`${root}/config/production.yaml`] = `database:\n  connectionLimit: 3\n`;
    files[`${root}/docker-compose.yml`] = `services:\n  app:\n    build: .\n    env_file: .env\n    environment:\n      POOL: \${POOL:-3}\n    deploy:\n      replicas: 2\n`;
    files[`${root}/.env`] = `POOL=3\n`;
    files[`${root}/k8s/app.yaml`] = `kind: Deployment\nmetadata:\n  name: s${i}\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: app\n          image: acme/s${i}\n          env:\n            - name: POOL\n              value: "3"\n`;
    files[`${root}/mysql/my.cnf`] = `[mysqld]\nmax_connections = 500\n`;
    files[`${root}/README.md`] = `# s${i}\n`;
  }
  return files;
}
