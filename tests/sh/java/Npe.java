import java.util.*;
import java.util.concurrent.*;
public class Npe {
    static final class Box { int v; Box(int v) { this.v = v; } }
    static int get(Box b) { return b.v; }   // implicit null check once compiled
    public static void main(String[] a) throws Exception {
        Box[] boxes = new Box[64];
        for (int i = 0; i < boxes.length; i++) boxes[i] = (i % 16 == 5) ? null : new Box(i);
        long sum = 0, npes = 0;
        for (int r = 0; r < 400000; r++) {
            try { sum += get(boxes[r & 63]); } catch (NullPointerException e) { npes++; }
        }
        ExecutorService ex = Executors.newFixedThreadPool(4);
        List<Future<Integer>> fs = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            final int seed = t;
            fs.add(ex.submit(() -> { TreeMap<String, Integer> m = new TreeMap<>(); for (int i = 0; i < 50000; i++) m.merge(Integer.toString((i * 7919 + seed) % 10007), 1, Integer::sum); return m.size(); }));
        }
        int tot = 0; for (Future<Integer> f : fs) tot += f.get();
        ex.shutdown();
        System.out.println("sum=" + sum + " npes=" + npes + " keys=" + tot);
    }
}
