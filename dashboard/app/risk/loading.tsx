// Loading state of /risk (see PageSkeleton for why it is not at the app root).
export { default } from '@/components/PageSkeleton';
