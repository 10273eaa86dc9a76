import java.nio.file.*;
public class P { public static void main(String[] a) throws Exception { System.out.println(Files.getAttribute(Paths.get(a[0]), "unix:ino")); } }
